package dev.symmetric.core.internal.revtree;

import static dev.symmetric.core.internal.revtree.RevTreeTest.path;
import static dev.symmetric.core.internal.revtree.RevTreeTest.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.Revision;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevTreeCodecTest {

  static final String HEX_A = "967a00dff5e02add41819138abb3284d";
  static final String HEX_B = "7051cbe5c8faecd085a3fa619e6e6337";

  /** Both hash forms, in-tree and stemmed parents, deletions and several roots. */
  static RevTree mixed() {
    return RevTree.ofPath(path("3-" + HEX_B, "2-" + HEX_A, "1-abc"), true)
        .merge(RevTree.ofPath(path("3-ABCDEF", "2-" + HEX_A), false))
        .merge(RevTree.empty().addChild(r("6-" + HEX_A), r("7-" + HEX_B), false))
        .merge(RevTree.empty().addChild(r("8-" + HEX_A.toUpperCase()), r("9-x"), true))
        .merge(RevTree.empty().addChild(null, r("1-" + "z".repeat(128)), false));
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void roundTripsEveryKindOfNode() {
    RevTree t = mixed();
    assertThat(RevTree.decode(t.encode())).isEqualTo(t);
    assertThat(RevTree.decode(t.encode()).leaves()).isEqualTo(t.leaves());
  }

  @Test
  void decodesFromTheMiddleOfALargerArray() {
    byte[] encoded = mixed().encode();
    byte[] record = new byte[encoded.length + 11];
    Arrays.fill(record, (byte) 0x7f);
    System.arraycopy(encoded, 0, record, 8, encoded.length);
    assertThat(RevTree.decode(record, 8, encoded.length)).isEqualTo(mixed());
    assertThatThrownBy(() -> RevTree.decode(record, 8, encoded.length + 1))
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> RevTree.decode(record, 8, encoded.length - 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RevTree.decode(record, 8, record.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void roundTripsTheEmptyTree() {
    byte[] encoded = RevTree.empty().encode();
    assertThat(encoded).hasSize(2);
    assertThat(RevTree.decode(encoded)).isEqualTo(RevTree.empty());
  }

  @Test
  void couchStyleLinearHistoryCostsAboutNineteenBytesPerRevision() {
    RevTree t = RevTree.empty();
    Revision parent = null;
    for (int g = 1; g <= 1000; g++) {
      Revision rev = new Revision(g, String.format("%032x", g * 0x9E3779B97F4A7C15L));
      t = t.addChild(parent, rev, false);
      parent = rev;
    }
    byte[] encoded = t.encode();
    assertThat(encoded.length).isLessThan(19 * 1000 + 10);
    assertThat(RevTree.decode(encoded)).isEqualTo(t);
  }

  @Test
  void decodedParentsShareTheirNodesRevision() {
    RevTree t = RevTree.decode(RevTree.ofPath(path("2-b", "1-a"), false).encode());
    assertThat(t.node(r("2-b")).parent()).isSameAs(t.node(r("1-a")).rev());
  }

  @Test
  void upperCaseHexIsNotMistakenForTheCompactForm() {
    assertThat(RevTreeCodec.isLowerHex(HEX_A)).isTrue();
    assertThat(RevTreeCodec.isLowerHex(HEX_A.toUpperCase())).isFalse();
    assertThat(RevTreeCodec.isLowerHex(HEX_A.substring(1))).isFalse();
    assertThat(RevTreeCodec.isLowerHex(HEX_A.replace('a', 'g'))).isFalse();
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] encoded = mixed().encode();
    for (int n = 0; n < encoded.length; n++) {
      byte[] prefix = Arrays.copyOf(encoded, n);
      assertThatThrownBy(() -> RevTree.decode(prefix))
          .as("prefix of %d bytes", n)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Corrupt encoded revision tree");
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] encoded = mixed().encode();
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> RevTree.decode(longer)).hasMessageContaining("trailing");
  }

  @Test
  void rejectsAnUnknownVersion() {
    assertThatThrownBy(() -> RevTree.decode(bytes(2, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void rejectsACountTheBytesCannotHoldWithoutAllocatingIt() {
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 0xff, 0xff, 0xff, 0xff, 0x07, 0, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node count");
  }

  @Test
  void rejectsOverlongVarints() {
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 0xff, 0xff, 0xff, 0xff, 0x0f)))
        .hasMessageContaining("too large");
  }

  @Test
  void rejectsUnknownFlags() {
    // one node: flags, generation 1, hash "a"
    assertThat(RevTree.decode(bytes(1, 1, 0, 1, 1, 'a')))
        .isEqualTo(RevTree.ofPath(path("1-a"), false));
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 0x40, 1, 1, 'a')))
        .hasMessageContaining("unknown flags");
  }

  @Test
  void rejectsNodesOutOfOrderOrRepeated() {
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 2, 0, 1, 1, 'b', 0, 0, 1, 'a')))
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 2, 0, 1, 1, 'a', 0, 0, 1, 'a')))
        .hasMessageContaining("out of order");
  }

  @Test
  void rejectsParentReferencesOutOfRange() {
    // node 0 refers one back (flags: PARENT_REF << 2)
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 4, 1, 1, 'a', 1)))
        .hasMessageContaining("parent reference");
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 2, 0, 1, 1, 'a', 4, 1, 1, 'b', 0)))
        .hasMessageContaining("parent reference");
  }

  @Test
  void rejectsAParentReferenceOfTheWrongGeneration() {
    // 1-a, then 1-b naming 1-a as parent
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 2, 0, 1, 1, 'a', 4, 0, 1, 'b', 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generation");
  }

  @Test
  void rejectsAStemmedParentBelowGenerationZero() {
    // 0-a with a stemmed parent "b" (flags: PARENT_STRING << 2)
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 12, 0, 1, 'a', 1, 'b')))
        .hasMessageContaining("invalid revision -1-b");
  }

  @Test
  void rejectsInvalidHashes() {
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 0, 1, 0, 0, 0)))
        .hasMessageContaining("hash length 0");
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 0, 1, 1, '-')))
        .hasMessageContaining("invalid revision");
    assertThatThrownBy(() -> RevTree.decode(bytes(1, 1, 0, 1, 0x7f, 'a', 'a', 'a', 'a')))
        .hasMessageContaining("hash length 127");
  }

  @Test
  void rejectsGenerationOverflow() {
    byte[] twoHuge = bytes(1, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 'a', 0, 1, 1, 'a');
    assertThatThrownBy(() -> RevTree.decode(twoHuge)).hasMessageContaining("overflow");
  }

  @Test
  void randomAndMutatedInputEitherDecodesOrFailsWithIllegalArgument() {
    Random random = new Random(42);
    byte[] valid = mixed().encode();
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
        if (input.length > 0) {
          input[0] = 1; // get past the version check
        }
      } else {
        input = valid.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        RevTree t = RevTree.decode(input);
        assertThat(RevTree.decode(t.encode())).isEqualTo(t);
      } catch (IllegalArgumentException expected) {
        assertThat(expected).hasMessageStartingWith("Corrupt encoded revision tree");
      }
    }
  }
}
