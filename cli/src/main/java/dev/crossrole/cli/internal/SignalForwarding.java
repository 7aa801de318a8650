package dev.crossrole.cli.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Passes the signals that ask a process to stop on to a child: SIGINT, SIGTERM and SIGHUP. The JVM
 * keeps SIGQUIT for its thread dumps, so SIGQUIT is not forwarded; a signal that was ignored when
 * crossrole started stays ignored, as in a shell.
 *
 * <p>The handlers are installed before the child starts, so that a signal sent as soon as the child
 * runs is not lost: one that arrives before the child is known is passed on once it is.
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

  private final List<String> pending = new ArrayList<>();
  private ProcessHandle child;
  private boolean hookNeeded;

  private SignalForwarding() {}

  /** Catches the forwarded signals from now on, holding them until {@link #forwardTo} is told. */
  public static SignalForwarding install() {
    SignalForwarding forwarding = new SignalForwarding();
    for (String name : FORWARDED) {
      if (!catchSignal(name, () -> forwarding.received(name))) {
        forwarding.hookNeeded = true;
      }
    }
    return forwarding;
  }

  /** Catches nothing: for a command run inside another program, whose signals are its own. */
  public static SignalForwarding none() {
    return new SignalForwarding();
  }

  /** Passes the signals caught so far and from now on to {@code child}. */
  public void forwardTo(ProcessHandle child) {
    List<String> early;
    synchronized (this) {
      this.child = child;
      early = List.copyOf(pending);
      pending.clear();
    }
    early.forEach(name -> send(child, name));
    if (hookNeeded) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    child.destroy();
                    child.onExit().join();
                  },
                  "crossrole-exec-stop-child"));
    }
  }

  private void received(String name) {
    Optional<ProcessHandle> target;
    synchronized (this) {
      target = Optional.ofNullable(child);
      if (target.isEmpty()) {
        pending.add(name);
      }
    }
    target.ifPresent(c -> send(c, name));
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
