package io.drover.scheduler.auth;

/**
 * What an API token may touch: everything ({@code admin}) or one app ({@code app:<name>}).
 *
 * @param app the app this scope is limited to, or null for admin
 */
public record TokenScope(String app) {
  public static final TokenScope ADMIN = new TokenScope(null);

  public static TokenScope forApp(String app) {
    if (app == null || app.isBlank()) {
      throw new IllegalArgumentException("an app scope needs an app name");
    }
    return new TokenScope(app);
  }

  /** Parses {@code admin} or {@code app:<name>}; throws IllegalArgumentException with a clear message otherwise. */
  public static TokenScope parse(String text) {
    if ("admin".equals(text)) {
      return ADMIN;
    }
    if (text != null && text.startsWith("app:") && text.length() > 4) {
      return forApp(text.substring(4));
    }
    throw new IllegalArgumentException("scope must be 'admin' or 'app:<name>', got '" + text + "'");
  }

  public boolean admin() {
    return app == null;
  }

  /** True when this scope may act on the named app. */
  public boolean allows(String appName) {
    return admin() || app.equals(appName);
  }

  @Override
  public String toString() {
    return admin() ? "admin" : "app:" + app;
  }
}
