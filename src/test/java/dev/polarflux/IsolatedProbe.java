package dev.polarflux;

import dev.polarflux.testserver.PolarTestServer;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Code that runs in a class loader without some optional dependency, against a test server; every
 * thread it started ends before it returns.
 */
public abstract class IsolatedProbe implements Callable<List<Object>> {

  /** The server's base URL. */
  protected final String baseUrl;

  /** The server's token. */
  protected final String token;

  /**
   * Takes the server's coordinates; called reflectively in the isolated loader.
   *
   * @param baseUrl the base URL
   * @param token the token
   */
  protected IsolatedProbe(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /**
   * The probe's work.
   *
   * @return what it observed
   */
  protected abstract List<Object> probe();

  @Override
  public final List<Object> call() {
    try {
      return probe();
    } finally {
      reactor.netty.http.HttpResources.disposeLoopsAndConnectionsLater(
              Duration.ZERO, Duration.ofSeconds(5))
          .block(Duration.ofSeconds(10));
      reactor.core.scheduler.Schedulers.shutdownNow();
    }
  }

  /**
   * The test classes and every class path entry whose path contains none of {@code left}, over the
   * platform loader.
   */
  public static URLClassLoader without(String... left) throws MalformedURLException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (Arrays.stream(left).noneMatch(entry::contains)) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs a probe class, loaded anew in {@code loader}, against {@code server}. */
  public static Object run(
      Class<? extends IsolatedProbe> type, URLClassLoader loader, PolarTestServer s)
      throws Exception {
    Class<?> probe = Class.forName(type.getName(), true, loader);
    if (probe.getClassLoader() != loader) {
      throw new AssertionError("the probe was not loaded in isolation");
    }
    // Callable is the platform's, shared by both loaders.
    Callable<?> run =
        (Callable<?>)
            probe.getConstructor(String.class, String.class).newInstance(s.baseUrl(), s.token());
    return run.call();
  }
}
