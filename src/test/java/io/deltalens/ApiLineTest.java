package io.deltalens;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API is package io.deltalens: its public members speak only its own types, the JDK's,
 * Tablesaw's and XChart's (never Kernel's or io.deltalens.internal's); the handle's types are made only
 * through the handle; the command line, the tour and the Lambda handler use nothing but the API; one file holds every use of
 * Kernel's internal classes.
 */
class ApiLineTest {
  private static final Path MAIN = Path.of("src/main/java/io/deltalens");
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z][\\w]*(?:\\.[a-z][\\w]*)*\\.[A-Z][\\w$]*");

  @Test
  void publicSignaturesUseOnlyTheApiTheJdkTablesawAndXchart() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      for (Type used : signatureTypes(type)) {
        Matcher m = TYPE_NAME.matcher(used.getTypeName());
        while (m.find()) {
          String name = m.group();
          boolean allowed = name.startsWith("java.") || name.startsWith("tech.tablesaw.")
              || name.startsWith("org.knowm.xchart.")
              || (name.startsWith("io.deltalens.") && name.indexOf('.', "io.deltalens.".length()) < 0);
          if (!allowed) {
            leaks.add(type.getSimpleName() + " -> " + name);
          }
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void theHandleAndItsBuildersAreMadeOnlyThroughTheEntryPoint() throws Exception {
    for (Class<?> type : List.of(DeltaTable.class, CreateTable.class, Append.class, TableRead.class,
        TableSchema.class)) {
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        assertTrue(!Modifier.isPublic(c.getModifiers()) && !Modifier.isProtected(c.getModifiers()),
            type.getSimpleName() + " has a public constructor");
      }
    }
  }

  @Test
  void theCommandLineAndTheTourUseOnlyTheApi() throws IOException {
    List<String> reaching = new ArrayList<>();
    for (String app : List.of("cli", "tour", "lambda")) {
      for (Path file : javaFiles(MAIN.resolve(app))) {
        String source = Files.readString(file);
        if (source.contains("io.deltalens.internal") || source.contains("io.delta.kernel")) {
          reaching.add(MAIN.relativize(file).toString());
        }
      }
    }
    assertEquals(List.of(), reaching);
  }

  @Test
  void oneFileUsesKernelsInternalClasses() throws IOException {
    TreeSet<String> users = new TreeSet<>();
    for (Path file : javaFiles(MAIN)) {
      if (Files.readString(file).contains("io.delta.kernel.internal.")) {
        users.add(MAIN.relativize(file).toString());
      }
    }
    assertEquals(List.of("internal/kernel/KernelInternals.java"), new ArrayList<>(users));
  }

  private static List<Class<?>> apiClasses() throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    for (Path file : javaFiles(MAIN)) {
      if (file.getParent().equals(MAIN) && !file.getFileName().toString().equals("package-info.java")) {
        String name = file.getFileName().toString().replace(".java", "");
        Class<?> type = Class.forName("io.deltalens." + name);
        classes.add(type);
        classes.addAll(List.of(type.getDeclaredClasses()));
      }
    }
    assertTrue(classes.size() > 5, "found the API classes");
    return classes;
  }

  private static List<Type> signatureTypes(Class<?> type) {
    List<Type> used = new ArrayList<>();
    if (!Modifier.isPublic(type.getModifiers())) {
      return used;
    }
    if (type.getGenericSuperclass() != null) {
      used.add(type.getGenericSuperclass());
    }
    used.addAll(List.of(type.getGenericInterfaces()));
    List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
    members.addAll(List.of(type.getDeclaredMethods()));
    for (Executable member : members) {
      if (Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers())) {
        used.addAll(List.of(member.getGenericParameterTypes()));
        used.addAll(List.of(member.getGenericExceptionTypes()));
        if (member instanceof Method method) {
          used.add(method.getGenericReturnType());
        }
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isPublic(field.getModifiers()) || Modifier.isProtected(field.getModifiers())) {
        used.add(field.getGenericType());
      }
    }
    return used;
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
