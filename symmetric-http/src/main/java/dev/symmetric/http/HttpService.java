package dev.symmetric.http;

/**
 * A set of routes a team ships as one class and mounts under a base path with {@link
 * HttpServerBuilder#service(String, HttpService)}. Paths given to {@link Routes} are relative to
 * that base path.
 */
@FunctionalInterface
public interface HttpService {
  void routing(Routes routes);
}
