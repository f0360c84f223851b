package dev.weft.charts;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields fabric8 did not recognise: it keeps them in each model object's {@code
 * additionalProperties} map instead of failing, so a misspelt or misplaced key would otherwise pass
 * unnoticed (and be dropped or refused by the API server).
 */
final class UnknownFields {
  private UnknownFields() {}

  /** Paths such as {@code spec.template.spec.containers[0].securityContext.runAsNonRot}. */
  static List<String> of(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), path + "[" + e.getKey() + "]", found, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        Object child;
        try {
          field.setAccessible(true);
          child = field.get(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new AssertionError("cannot read " + c.getName() + "." + field.getName(), e);
        }
        String childPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
        if (field.getName().equals("additionalProperties") && child instanceof Map<?, ?> extra) {
          for (Object key : extra.keySet()) {
            found.add((path.isEmpty() ? "" : path + ".") + key);
          }
          continue;
        }
        walk(child, childPath, found, seen);
      }
    }
  }
}
