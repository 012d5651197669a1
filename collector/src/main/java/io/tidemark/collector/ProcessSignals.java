package io.tidemark.collector;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM a clean stop with exit status 0.
 *
 * <p>By default the JVM runs its shutdown hooks on SIGTERM (Jetty stops, managed objects stop:
 * scrapes in flight finish, the store closes) but then exits with status 143, which process
 * supervisors count as a failure. Here SIGTERM calls {@code System.exit(0)} instead, which runs the
 * same hooks. {@code sun.misc.Signal} is reached by reflection because it is not part of the
 * compiled-against platform API; where it is missing, the JVM's default behaviour stays.
 */
final class ProcessSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);

  private ProcessSignals() {}

  static void exitZeroOnSigterm() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object term = signalClass.getConstructor(String.class).newInstance("TERM");
      InvocationHandler onSignal =
          (Object proxy, Method method, Object[] args) -> {
            if (method.getName().equals("handle")) {
              Thread exit = new Thread(() -> System.exit(0), "sigterm-exit");
              exit.start();
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              case "toString" -> "SIGTERM handler";
              default -> null;
            };
          };
      Object handler =
          Proxy.newProxyInstance(
              ProcessSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, term, handler);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("SIGTERM keeps the JVM's default exit status: {}", e.toString());
    }
  }
}
