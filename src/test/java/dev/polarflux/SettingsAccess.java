package dev.polarflux;

import dev.polarflux.internal.client.ClientSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
    for (Field f : ClientSettings.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("token")) {
        continue;
      }
      Object value = f.get(settings);
      if (value instanceof RateBudget || value instanceof PolarListener) {
        value = String.valueOf(value);
      }
      values.put(f.getName(), value);
    }
    return values;
  }
}
