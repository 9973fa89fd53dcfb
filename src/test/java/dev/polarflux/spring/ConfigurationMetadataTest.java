package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata IDEs complete {@code polarflux.*} from, as the build writes it next to
 * the classes (and so into the jar).
 */
class ConfigurationMetadataTest {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  @Test
  void metadata_isBesideTheClasses_andDescribesEveryProperty() throws Exception {
    Path file = Path.of(System.getProperty("polarflux.classes"), METADATA);
    assertThat(file).exists();
    URL beside = PolarProperties.class.getClassLoader().getResource(METADATA);
    assertThat(beside).isNotNull();

    Map<String, JsonNode> described = new HashMap<>();
    for (JsonNode property :
        new ObjectMapper().readTree(Files.readString(file)).get("properties")) {
      described.put(property.get("name").asText(), property);
    }

    List<String> expected = names("polarflux", PolarProperties.class);
    assertThat(expected)
        .contains("polarflux.token", "polarflux.backoff.min", "polarflux.metrics.enabled");
    assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    for (String name : expected) {
      assertThat(described.get(name).path("description").asText()).as(name).isNotBlank();
      assertThat(described.get(name).path("sourceType").asText())
          .as(name)
          .startsWith(PolarProperties.class.getName());
    }
    assertThat(described.get("polarflux.base-url").get("defaultValue").asText())
        .isEqualTo("https://api.polar.sh");
    assertThat(described.get("polarflux.rate-limit").get("defaultValue").asInt()).isEqualTo(500);
    assertThat(described.get("polarflux.token").has("defaultValue")).isFalse();
  }

  /** The property names of a bean: its settable properties, and those of its nested groups. */
  private static List<String> names(String prefix, Class<?> type)
      throws IntrospectionException, IOException {
    List<String> names = new ArrayList<>();
    for (PropertyDescriptor p :
        Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
      String name = prefix + "." + kebab(p.getName());
      if (p.getWriteMethod() != null) {
        names.add(name);
      } else if (p.getPropertyType().getEnclosingClass() == PolarProperties.class) {
        names.addAll(names(name, p.getPropertyType()));
      }
    }
    return names;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
