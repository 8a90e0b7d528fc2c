package dev.symmetric.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.util.TraceSignatureVisitor;

/**
 * Writes or checks a module's API snapshot: the public and protected signatures of every class in
 * its exported packages (any package without an {@code internal} segment), read from compiled
 * classes and sorted so the file only changes when the API does.
 *
 * <p>Usage: {@code ApiDump <classesDir> <apiFile> <moduleName> <update>}. With {@code update}
 * {@code true} the file is rewritten; otherwise a difference fails with the command that updates
 * it.
 */
public final class ApiDump {

  private static final String UPDATE_COMMAND = "mvn -B verify -Dapi.update=true";

  private ApiDump() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: ApiDump <classesDir> <apiFile> <moduleName> <update>");
    }
    Path classes = Path.of(args[0]);
    Path apiFile = Path.of(args[1]);
    String module = args[2];
    boolean update = Boolean.parseBoolean(args[3]);

    String current = render(read(classes));
    String recorded = Files.exists(apiFile) ? Files.readString(apiFile) : null;

    if (update) {
      if (current.isEmpty()) {
        Files.deleteIfExists(apiFile);
      } else if (!current.equals(recorded)) {
        Files.createDirectories(apiFile.toAbsolutePath().getParent());
        Files.writeString(apiFile, current);
        System.out.println("[api] updated " + apiFile);
      }
      return;
    }
    if (current.isEmpty() && recorded == null) {
      return;
    }
    if (!current.equals(recorded)) {
      throw new IllegalStateException(
          (recorded == null
                  ? "The public API of " + module + " has no snapshot yet (" + apiFile + ").\n"
                  : "The public API of "
                      + module
                      + " differs from its snapshot "
                      + apiFile
                      + ":\n"
                      + diff(recorded, current))
              + "If the change is intended, update the snapshot with `"
              + UPDATE_COMMAND
              + "` (one module: `mvn -B verify -pl "
              + module
              + " -am -Dapi.update=true`) and commit it with the change, so reviewers see the"
              + " API change.");
    }
  }

  /**
   * The changed classes, each with its header and its removed ({@code -}) and added ({@code +})
   * members.
   */
  static String diff(String before, String after) {
    Map<String, List<String>> old = blocks(before);
    Map<String, List<String>> now = blocks(after);
    Set<String> headers = new TreeSet<>(old.keySet());
    headers.addAll(now.keySet());
    StringBuilder out = new StringBuilder();
    for (String header : headers) {
      List<String> was = old.get(header);
      List<String> is = now.get(header);
      if (was == null) {
        out.append("  + ").append(header).append('\n');
      } else if (is == null) {
        out.append("  - ").append(header).append('\n');
      } else if (was.equals(is)) {
        continue;
      } else {
        out.append("    ").append(header).append('\n');
      }
      List<String> none = List.of();
      for (String m : was == null ? none : was) {
        if (is == null || !is.contains(m)) {
          out.append("      - ").append(m).append('\n');
        }
      }
      for (String m : is == null ? none : is) {
        if (was == null || !was.contains(m)) {
          out.append("      + ").append(m).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Parses snapshot text into class header to member lines. */
  private static Map<String, List<String>> blocks(String text) {
    Map<String, List<String>> blocks = new TreeMap<>();
    List<String> members = null;
    for (String line : text.lines().collect(Collectors.toList())) {
      if (line.isBlank() || line.equals("}")) {
        continue;
      }
      if (line.startsWith("  ")) {
        if (members != null) {
          members.add(line.strip());
        }
      } else {
        members = new ArrayList<>();
        blocks.put(line.endsWith(" {") ? line.substring(0, line.length() - 2) : line, members);
      }
    }
    return blocks;
  }

  /** Reads every class file under {@code root}, keyed by internal name. */
  static Map<String, ClassInfo> read(Path root) throws IOException {
    Map<String, ClassInfo> byName = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return byName;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.equals("module-info.class") || fileName.equals("package-info.class")) {
        continue;
      }
      try (InputStream in = Files.newInputStream(file)) {
        ClassInfo info = new ClassInfo();
        new ClassReader(in).accept(info, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        byName.put(info.name, info);
      }
    }
    return byName;
  }

  /** The snapshot text: exported classes sorted by name, members sorted within each. */
  static String render(Map<String, ClassInfo> byName) {
    Map<String, ClassInfo> sorted = new TreeMap<>(byName);
    StringBuilder out = new StringBuilder();
    for (ClassInfo c : sorted.values()) {
      if (!isExported(c, byName)) {
        continue;
      }
      out.append(c.header()).append(" {\n");
      boolean subclassable = (c.access & Opcodes.ACC_FINAL) == 0;
      List<String> members = new ArrayList<>();
      for (Member m : c.members) {
        if (isVisible(m.access, subclassable)) {
          members.add(m.text);
        }
      }
      members.stream().sorted().distinct().forEach(m -> out.append("  ").append(m).append('\n'));
      out.append("}\n\n");
    }
    return out.toString();
  }

  private static boolean isExported(ClassInfo c, Map<String, ClassInfo> byName) {
    if ((c.access & Opcodes.ACC_SYNTHETIC) != 0 || c.local) {
      return false;
    }
    String pkg = c.name.contains("/") ? c.name.substring(0, c.name.lastIndexOf('/')) : "";
    for (String segment : pkg.split("/")) {
      if (segment.equals("internal")) {
        return false;
      }
    }
    if (c.outer == null) {
      return (c.access & Opcodes.ACC_PUBLIC) != 0;
    }
    ClassInfo outer = byName.get(c.outer);
    if (outer == null || !isExported(outer, byName)) {
      return false;
    }
    boolean outerSubclassable =
        (outer.access & Opcodes.ACC_FINAL) == 0 && (outer.access & Opcodes.ACC_INTERFACE) == 0;
    return isVisible(c.access, outerSubclassable);
  }

  private static boolean isVisible(int access, boolean protectedCounts) {
    if ((access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0) {
      return false;
    }
    return (access & Opcodes.ACC_PUBLIC) != 0
        || (protectedCounts && (access & Opcodes.ACC_PROTECTED) != 0);
  }

  private record Member(int access, String text) {}

  /** What the snapshot needs of one class file. */
  static final class ClassInfo extends ClassVisitor {
    String name;
    int access;
    String outer;
    boolean local;
    private String signature;
    private String superName;
    private String[] interfaces;
    final List<Member> members = new ArrayList<>();

    ClassInfo() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      this.name = name;
      this.access = access;
      this.signature = signature;
      this.superName = superName;
      this.interfaces = interfaces;
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
      if (name.equals(this.name)) {
        // The InnerClasses attribute holds a nested class's source-level access and nesting.
        this.access = access | (this.access & Opcodes.ACC_SUPER);
        this.outer = outerName;
        this.local = outerName == null || innerName == null;
      }
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      String type;
      if (signature != null) {
        TraceSignatureVisitor v = new TraceSignatureVisitor(0);
        new SignatureReader(signature).acceptType(v);
        type = v.getDeclaration();
      } else {
        type = Type.getType(descriptor).getClassName();
      }
      members.add(new Member(access, modifiers(access, false) + type + " " + name));
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if (name.equals("<clinit>")) {
        return null;
      }
      String declaration;
      String returnType;
      String thrown;
      if (signature != null) {
        TraceSignatureVisitor v = new TraceSignatureVisitor(access);
        new SignatureReader(signature).accept(v);
        declaration = v.getDeclaration();
        returnType = v.getReturnType();
        thrown = v.getExceptions();
      } else {
        declaration =
            Stream.of(Type.getArgumentTypes(descriptor))
                .map(Type::getClassName)
                .collect(Collectors.joining(", ", "(", ")"));
        returnType = Type.getReturnType(descriptor).getClassName();
        thrown = null;
      }
      if (thrown == null && exceptions != null && exceptions.length > 0) {
        thrown =
            Stream.of(exceptions).map(e -> e.replace('/', '.')).collect(Collectors.joining(", "));
      }
      StringBuilder text = new StringBuilder(modifiers(access, isInterface()));
      if (name.equals("<init>")) {
        text.append(simpleName()).append(declaration);
      } else {
        String typeParams = "";
        String params = declaration;
        if (declaration.startsWith("<")) {
          int end = declaration.indexOf('(');
          typeParams = declaration.substring(0, end) + " ";
          params = declaration.substring(end);
        }
        text.append(typeParams).append(returnType).append(' ').append(name).append(params);
      }
      if (thrown != null && !thrown.isEmpty()) {
        text.append(" throws ").append(thrown);
      }
      members.add(new Member(access, text.toString()));
      return null;
    }

    private boolean isInterface() {
      return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    private String simpleName() {
      String simple = name.substring(name.lastIndexOf('/') + 1);
      return simple.substring(simple.lastIndexOf('$') + 1);
    }

    String header() {
      StringBuilder h = new StringBuilder();
      boolean annotation = (access & Opcodes.ACC_ANNOTATION) != 0;
      boolean isEnum = (access & Opcodes.ACC_ENUM) != 0;
      h.append((access & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ");
      if (outer != null && (access & Opcodes.ACC_STATIC) != 0 && !isInterface() && !isEnum) {
        h.append("static ");
      }
      if (isInterface()) {
        h.append(annotation ? "@interface " : "interface ");
      } else if (isEnum) {
        h.append("enum ");
      } else {
        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
          h.append("abstract ");
        }
        if ((access & Opcodes.ACC_FINAL) != 0) {
          h.append("final ");
        }
        h.append("class ");
      }
      h.append(name.replace('/', '.'));
      if (signature != null) {
        TraceSignatureVisitor v = new TraceSignatureVisitor(access);
        new SignatureReader(signature).accept(v);
        String declaration = v.getDeclaration().strip();
        h.append(declaration.startsWith("<") ? "" : " ").append(declaration);
      } else {
        if (superName != null && !isInterface() && !superName.equals("java/lang/Object")) {
          h.append(" extends ").append(superName.replace('/', '.'));
        }
        List<String> supers = new ArrayList<>();
        for (String i : interfaces) {
          if (!(annotation && i.equals("java/lang/annotation/Annotation"))) {
            supers.add(i.replace('/', '.'));
          }
        }
        if (!supers.isEmpty()) {
          h.append(isInterface() ? " extends " : " implements ").append(String.join(", ", supers));
        }
      }
      return h.toString().replaceAll(" extends java\\.lang\\.Object(?=[ ,>]|$)", "");
    }

    private static String modifiers(int access, boolean inInterface) {
      StringBuilder m = new StringBuilder();
      m.append((access & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ");
      if ((access & Opcodes.ACC_STATIC) != 0) {
        m.append("static ");
      }
      if ((access & Opcodes.ACC_ABSTRACT) != 0 && !inInterface) {
        m.append("abstract ");
      }
      if (inInterface
          && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
        m.append("default ");
      }
      if ((access & Opcodes.ACC_FINAL) != 0) {
        m.append("final ");
      }
      return m.toString();
    }
  }
}
