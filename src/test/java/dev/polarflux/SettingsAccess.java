package dev.polarflux;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lets tests in other packages read what a client is configured with. */
public final class SettingsAccess {

  private SettingsAccess() {}

  /**
   * Each setting of {@code client} by name, the token left out; a rate budget, a listener and a
   * scheduler as their descriptions, since instances differ between clients.
   */
  public static Map<String, Object> settings(PolarClient client)
      throws ReflectiveOperationException {
    ClientSettings settings = client.settings();
    Map<String, Object> values = new LinkedHashMap<>();
    for (RecordComponent c : ClientSettings.class.getRecordComponents()) {
      if (c.getName().equals("token")) {
        continue;
      }
      Object value = c.getAccessor().invoke(settings);
      if (value instanceof RateBudget || value instanceof PolarListener) {
        value = String.valueOf(value);
      }
      values.put(c.getName(), value);
    }
    return values;
  }
}
