package io.skiff.log;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a {@link MappedByteBuffer}'s mapping now rather than whenever the garbage collector gets to it, as Kafka
 * does for its indexes: {@code sun.misc.Unsafe.invokeCleaner} from the {@code jdk.unsupported} module, which is
 * exported and open, looked up once reflectively. Without it (a JVM lacking the module) mappings are left to the
 * collector, which is safe but lets cold indexes hold address space longer.
 *
 * <p>The caller guarantees that nothing touches the buffer (or a duplicate of it) afterwards: an access after
 * unmapping crashes the JVM. {@link MappedIndex} ensures that with reference counting. Thread-safe.
 */
final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = lookup();

    private Unmapper() {}

    private static MethodHandle lookup() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            MethodHandle invokeCleaner = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return invokeCleaner.bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot unmap index files deterministically (sun.misc.Unsafe.invokeCleaner unavailable: {}); "
                    + "cold index mappings are released by the garbage collector", e.toString());
            return null;
        }
    }

    /** Whether mappings are released deterministically on this JVM. */
    static boolean deterministic() {
        return INVOKE_CLEANER != null;
    }

    /** Unmaps {@code buffer}; it must never be touched again. */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot unmap an index buffer", t);
        }
    }
}
