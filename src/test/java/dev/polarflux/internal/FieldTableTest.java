package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.polarflux.model.LicenseKeyActivation;
import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The field tables are the one description of Polar's schemas: they name the model records'
 * components, in the records' order, by the names the records give Jackson.
 */
class FieldTableTest {

  private static List<String> jsonNames(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getAccessor)
        .map(m -> m.getAnnotation(JsonProperty.class))
        .map(JsonProperty::value)
        .toList();
  }

  @Test
  void keyFields_areTheRecordsComponentsInOrder() {
    assertThat(Arrays.stream(KeyField.values()).map(f -> f.field().jsonName()))
        .containsExactlyElementsOf(jsonNames(LicenseKeyRead.class));
  }

  @Test
  void customerFields_areTheRecordsComponentsInOrder() {
    assertThat(Arrays.stream(CustomerField.values()).map(f -> f.field().jsonName()))
        .containsExactlyElementsOf(jsonNames(LicenseKeyCustomer.class));
  }

  @Test
  void activationFields_areTheRecordsComponentsInOrder() {
    assertThat(Arrays.stream(ActivationField.values()).map(f -> f.field().jsonName()))
        .containsExactlyElementsOf(jsonNames(LicenseKeyActivation.class));
  }

  @Test
  void requiredFields_areThoseTheDecoderNamesWhenMissing() {
    assertThat(
            Arrays.stream(KeyField.values())
                .filter(f -> f.field().presence() == Field.Presence.REQUIRED)
                .map(f -> f.field().jsonName()))
        .containsExactly(
            "id",
            "created_at",
            "organization_id",
            "customer_id",
            "customer",
            "benefit_id",
            "key",
            "display_key",
            "status",
            "usage",
            "validations");
  }
}
