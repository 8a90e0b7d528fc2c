package dev.symmetric.http;

/** Whether a node should receive traffic, as {@code GET /_up} reports it. */
public enum ReadinessStatus {
  READY("ok"),
  STARTING("starting"),
  CATCHING_UP("catching_up"),
  DRAINING("draining");

  private final String wireName;

  ReadinessStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code status} in the {@code /_up} body. */
  public String wireName() {
    return wireName;
  }
}
