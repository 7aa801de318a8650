package dev.crossrole.cli.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes the signals that ask a process to stop on to a child: SIGINT, SIGTERM and SIGHUP. The JVM
 * keeps SIGQUIT for its thread dumps, so SIGQUIT is not forwarded.
 *
 * <p>The JDK has no public API to catch a signal; {@code sun.misc.Signal} of the {@code
 * jdk.unsupported} module is the supported way. It is reached by reflection because javac warns
 * about every direct use of it and warnings fail the build. Where it is missing, or the JVM runs
 * with {@code -Xrs}, a shutdown hook sends SIGTERM to the child instead and waits for it.
 *
 * <p>SIGTERM goes through {@link ProcessHandle#destroy()}; the JDK cannot send other signals, so
 * SIGINT and SIGHUP go through the {@code kill} utility.
 */
public final class SignalForwarding {
  /** The signals forwarded, by their names without SIG. */
  public static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

  private SignalForwarding() {}

  /**
   * Forwards the signals to {@code child} from now on; answers the names of those it could not
   * catch, which the shutdown hook covers.
   */
  public static List<String> forwardTo(ProcessHandle child) {
    List<String> uncaught = new ArrayList<>();
    for (String name : FORWARDED) {
      if (!catchSignal(name, () -> send(child, name))) {
        uncaught.add(name);
      }
    }
    if (!uncaught.isEmpty()) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    child.destroy();
                    child.onExit().join();
                  },
                  "crossrole-exec-stop-child"));
    }
    return List.copyOf(uncaught);
  }

  private static boolean catchSignal(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Constructor<?> named = signal.getConstructor(String.class);
      Method handle = signal.getMethod("handle", signal, handlerType);
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                  return objectMethod(proxy, method, args, name);
                }
                action.run();
                return null;
              });
      handle.invoke(null, named.newInstance(name), handler);
      return true;
    } catch (InvocationTargetException e) {
      // IllegalArgumentException: the JVM or the OS keeps this signal (e.g. under -Xrs).
      return false;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "forward SIG" + name;
    };
  }

  private static void send(ProcessHandle child, String name) {
    if (!child.isAlive()) {
      return;
    }
    if (name.equals("TERM")) {
      child.destroy();
      return;
    }
    try {
      new ProcessBuilder("kill", "-s", name, Long.toString(child.pid()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start()
          .waitFor();
    } catch (IOException e) {
      // No kill utility: stopping the child is what the signal asked for.
      child.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
