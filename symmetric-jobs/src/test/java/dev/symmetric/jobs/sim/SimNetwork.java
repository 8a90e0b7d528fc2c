package dev.symmetric.jobs.sim;

import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.ClaimTransport;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Carries claim messages between simulated nodes with delay, loss, duplication and partitions. A
 * reply reaches its sender only if the sender's incarnation is still alive and the link still up.
 */
final class SimNetwork {
  private final SimTime time;
  private final Random random;
  private final Map<String, Integer> group = new HashMap<>();
  private final Function<String, SimWorldNode> nodes;
  double lossRate;
  double duplicateRate;
  long delayMinMillis = 1;
  long delayMaxMillis = 30;
  long messages;

  /** What the network needs of a node: whether it is up, and its acceptor. */
  interface SimWorldNode {
    NodeClock clock();

    /** The acceptor's answer; it may come later on virtual time (a catch-up). */
    CompletableFuture<ClaimReply> answer(ClaimRequest request);
  }

  SimNetwork(SimTime time, Random random, Function<String, SimWorldNode> nodes) {
    this.time = time;
    this.random = random;
    this.nodes = nodes;
  }

  void partition(Map<String, Integer> groups) {
    group.clear();
    group.putAll(groups);
  }

  void heal() {
    group.clear();
  }

  boolean connected(String a, String b) {
    return group.getOrDefault(a, 0).equals(group.getOrDefault(b, 0));
  }

  ClaimTransport transportFrom(String from) {
    return (to, request) -> {
      CompletableFuture<ClaimReply> reply = new CompletableFuture<>();
      NodeClock sender = nodes.apply(from).clock();
      deliver(from, to, request, reply, sender);
      if (random.nextDouble() < duplicateRate) {
        deliver(from, to, request, reply, sender);
      }
      return reply;
    };
  }

  private void deliver(
      String from,
      String to,
      ClaimRequest request,
      CompletableFuture<ClaimReply> reply,
      NodeClock sender) {
    messages++;
    if (!connected(from, to) || random.nextDouble() < lossRate) {
      return;
    }
    time.after(
        delay(),
        () -> {
          SimWorldNode target = nodes.apply(to);
          if (!target.clock().alive() || !connected(from, to)) {
            return;
          }
          NodeClock answering = target.clock();
          target
              .answer(request)
              .thenAccept(
                  answer -> {
                    if (!answering.alive() || random.nextDouble() < lossRate) {
                      return;
                    }
                    time.after(
                        delay(),
                        () -> {
                          if (sender.alive() && connected(from, to)) {
                            reply.complete(answer);
                          }
                        });
                  });
        });
  }

  private long delay() {
    return delayMinMillis + (long) (random.nextDouble() * (delayMaxMillis - delayMinMillis));
  }
}
