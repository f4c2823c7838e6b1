package io.sl2a.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --name value} parsing for the benchmark mains, with positional arguments. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new java.util.ArrayList<>();

    Args(String[] args, Set<String> known, String usage) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw fail("--" + name + " needs a value", usage);
                }
                if (!known.contains(name)) {
                    throw fail("unknown option --" + name, usage);
                }
                options.put(name, value);
            } else {
                positional.add(arg);
            }
        }
    }

    private static IllegalArgumentException fail(String message, String usage) {
        System.err.println(message);
        System.err.println(usage);
        System.exit(2);
        return new IllegalArgumentException(message);
    }

    List<String> positional() {
        return positional;
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = options.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    double real(String name, double fallback) {
        String value = options.get(name);
        return value == null ? fallback : Double.parseDouble(value);
    }

    long longValue(String name, long fallback) {
        String value = options.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }
}
