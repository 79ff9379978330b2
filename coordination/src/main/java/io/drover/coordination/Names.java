package io.drover.coordination;

import java.util.regex.Pattern;

/**
 * The rules for the names that become znode names: app names and server ids. Checked once, where a name enters
 * the coordination layer, so that every path built from one is a valid single znode name.
 */
public final class Names {

  /** An app name: a letter or digit, then up to 63 letters, digits, dots, underscores or dashes. */
  public static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** A server id: a letter or digit, then up to 127 letters, digits, dots, underscores, colons or dashes. */
  public static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Names() {
  }

  public static boolean isValidAppName(String name) {
    return name != null && APP_NAME.matcher(name).matches();
  }

  /** Returns {@code name} when it is a valid app name, otherwise throws {@link IllegalArgumentException}. */
  public static String requireAppName(String name) {
    if (!isValidAppName(name)) {
      throw new IllegalArgumentException(
          "invalid app name '" + name + "': it must match " + APP_NAME.pattern());
    }
    return name;
  }

  public static boolean isValidServerId(String id) {
    return id != null && SERVER_ID.matcher(id).matches();
  }

  /** Returns {@code id} when it is a valid server id, otherwise throws {@link IllegalArgumentException}. */
  public static String requireServerId(String id) {
    if (!isValidServerId(id)) {
      throw new IllegalArgumentException(
          "invalid server id '" + id + "': it must match " + SERVER_ID.pattern());
    }
    return id;
  }
}
