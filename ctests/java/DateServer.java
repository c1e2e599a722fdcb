/*
 * DateServer of document 001 (Java, port 6013), made correct.
 *
 * It serves clients one after another: to each it writes one line, the
 * date as java.util.Date.toString() prints it, and closes the connection.
 * It is the "java" implementation of the role date_server, so it takes the
 * same flags, sends the same bytes and exits with the same statuses as
 * ctests/date_server.c. It runs from source: java DateServer.java -port 0.
 *
 * Made correct, and why:
 * - It binds loopback, not every address, unless -bind asks; port 0 picks
 *   a free port, reported in the -ready file, written under a temporary
 *   name and renamed so that a reader never sees half of it.
 * - -epoch sends a fixed time (seconds since 1970) as Date.toString()
 *   prints it in UTC, and -date a fixed text, so that the line can be
 *   checked byte for byte; by default it is the current local time, as in
 *   the document. Both at once are bad usage. The -date text goes out as
 *   the bytes of the command line, as the C peer sends it, whatever the
 *   locale Java decoded it with.
 * - The line ends in "\n" whatever the platform's line separator (println
 *   would use it), and is written as bytes, not through a PrintWriter,
 *   which hides write errors.
 * - A failing client costs that client ("write: EPIPE", and exit 1 at the
 *   end), not the server; -n ends it after that many clients. The document
 *   printed any IOException and exited 0.
 * - -timeout is taken and checked as the C peer takes it, which bounds its
 *   writes with SO_SNDTIMEO; Java sockets have no send timeout, and need
 *   none here: a line of at most 256 bytes to a new connection fits its
 *   send buffer, so the write never waits on the client.
 * - Flags are parsed as the C peer's getopt_long_only parses them (single
 *   dash, a value in the next word or after "="), numbers as its strtol;
 *   bad usage prints "usage: date_server ..." and exits 2; a failed call
 *   prints "call: ENAME" (e.g. "bind: EADDRINUSE") and exits 1.
 */
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DateServer {
    static final int PORT = 6013;       /* new ServerSocket(6013), DATE_PORT */
    static final int BACKLOG = 50;      /* ServerSocket's default, DATE_BACKLOG */
    static final int LINE_MAX = 256;    /* DATE_LINE_MAX, the newline included */
    static final String USAGE =
        "date_server [-bind addr] [-port n] [-n clients] [-epoch seconds | -date text] [-ready file] [-timeout seconds]";

    public static void main(String[] args) {
        Map<String, String> flags = parseFlags(args, "bind", "port", "n", "epoch", "date", "ready", "timeout");
        String bind = flags.getOrDefault("bind", "127.0.0.1");
        int port = flags.containsKey("port") ? (int) parseLong(flags.get("port"), 0, 65535) : PORT;
        long clients = flags.containsKey("n") ? parseLong(flags.get("n"), 0, Long.MAX_VALUE) : 0;
        /* Up to 2^31-1, the time_t of a 32-bit architecture. */
        Long epoch = flags.containsKey("epoch") ? parseLong(flags.get("epoch"), 0, Integer.MAX_VALUE) : null;
        String fixed = flags.get("date");
        String ready = flags.get("ready");
        if (flags.containsKey("timeout"))
            parseLong(flags.get("timeout"), 1, 86400);
        if (epoch != null && fixed != null)
            usage(null);
        byte[] fixedBytes = fixed == null ? null : argBytes(args, "date");
        if (fixedBytes != null && (fixed.indexOf('\n') >= 0 || fixedBytes.length + 1 >= LINE_MAX))
            usage("bad date text");
        InetAddress addr = parseIPv4(bind);
        /* Date.toString() formats in the default zone: with -epoch, UTC. */
        if (epoch != null)
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));

        ServerSocket sock = null;
        try {
            sock = new ServerSocket();
            sock.setReuseAddress(true);
        } catch (IOException e) {
            fail("socket", e);
        }
        try {
            sock.bind(new InetSocketAddress(addr, port), BACKLOG);
        } catch (IOException e) {
            fail("bind", e);
        }
        if (ready != null)
            readyFile(ready, sock.getLocalPort());

        int failures = 0;
        /* now listen for connections */
        for (long served = 0; clients == 0 || served < clients; served++) {
            Socket client = null;
            try {
                client = sock.accept();
            } catch (IOException e) {
                fail("accept", e);
            }
            byte[] line;
            if (fixedBytes != null) {
                line = new byte[fixedBytes.length + 1];
                System.arraycopy(fixedBytes, 0, line, 0, fixedBytes.length);
                line[fixedBytes.length] = '\n';
            } else {
                Date date = epoch != null ? new Date(epoch * 1000) : new Date();
                line = (date.toString() + "\n").getBytes(StandardCharsets.UTF_8);
            }
            /* write the Date to the socket */
            try {
                OutputStream out = client.getOutputStream();
                out.write(line);
                out.flush();
            } catch (IOException e) {
                error("write", e);
                failures++;
            }
            /* close the socket and resume listening for connections */
            try {
                client.close();
            } catch (IOException e) {
                fail("close", e);
            }
        }
        try {
            sock.close();
        } catch (IOException e) {
            fail("close", e);
        }
        System.exit(failures > 0 ? 1 : 0);
    }

    /* readyFile writes the port to path atomically: a temporary file
     * renamed into place. */
    static void readyFile(String path, int port) {
        Path tmp = Path.of(path + ".tmp");
        try {
            Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            fail("open", e);
        }
        try {
            Files.move(tmp, Path.of(path), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            fail("rename", e);
        }
    }

    /* argBytes returns the bytes of flag name's value as they were on the
     * command line, which is what the C peer sends. Java decoded them with
     * the locale's encoding, which loses every byte above 127 under the
     * POSIX locale; the kernel keeps them in /proc/self/cmdline, whose
     * last words are args. They are taken only where they decode to args
     * word for word; otherwise the value is encoded again. */
    static byte[] argBytes(String[] args, String name) {
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        int word = valueWord.get(name);
        String arg = args[word];
        boolean afterEq = !arg.equals(flagValues.get(name)); /* -name=value */
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            java.util.List<byte[]> words = new java.util.ArrayList<>();
            for (int start = 0, i = 0; i < cmdline.length; i++) {
                if (cmdline[i] == 0) {
                    words.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                    start = i + 1;
                }
            }
            int off = words.size() - args.length;
            boolean same = off >= 0;
            for (int i = 0; same && i < args.length; i++)
                same = new String(words.get(off + i), cs).equals(args[i]);
            if (same) {
                byte[] raw = words.get(off + word);
                if (!afterEq)
                    return raw;
                for (int i = 0; i < raw.length; i++)
                    if (raw[i] == '=')
                        return java.util.Arrays.copyOfRange(raw, i + 1, raw.length);
            }
        } catch (IOException | RuntimeException e) {
            /* no /proc: the text as Java has it */
        }
        return flagValues.get(name).getBytes(cs);
    }

    /* inet_pton(AF_INET): four decimal numbers below 256, no leading zeros. */
    static InetAddress parseIPv4(String s) {
        String[] parts = s.split("\\.", -1);
        byte[] b = new byte[4];
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = parts[i].matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(parts[i]) < 256;
            if (ok)
                b[i] = (byte) Integer.parseInt(parts[i]);
        }
        if (!ok)
            usage("bad address " + s);
        try {
            return InetAddress.getByAddress(b);
        } catch (IOException e) {
            usage("bad address " + s);
            return null;
        }
    }

    /* parseFlags parses args as getopt_long_only does with every option
     * taking a value: -name value, -name=value, --name value or
     * --name=value; "--" ends the options; anything left is bad usage.
     * valueWord keeps the index of the word each value came from. */
    static final Map<String, Integer> valueWord = new HashMap<>();
    static final Map<String, String> flagValues = new HashMap<>();

    static Map<String, String> parseFlags(String[] args, String... names) {
        Map<String, String> values = flagValues;
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-"))
                break;
            String name = arg.substring(arg.startsWith("--") ? 2 : 1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!java.util.Arrays.asList(names).contains(name))
                usage("unrecognized option '" + arg + "'");
            if (value == null) {
                if (i + 1 == args.length)
                    usage("option requires an argument -- '" + name + "'");
                value = args[++i];
            }
            values.put(name, value);
            valueWord.put(name, i);
            i++;
        }
        if (i != args.length)
            usage(null);
        return values;
    }

    /* strtol(s, &end, 0) of a whole word: leading blanks, a sign, then hex
     * (0x), octal (leading 0) or decimal. */
    static final Pattern NUMBER = Pattern.compile("[ \\t\\n\\x0B\\f\\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)");

    static long parseLong(String s, long min, long max) {
        Matcher m = NUMBER.matcher(s);
        Long v = null;
        if (m.matches()) {
            String digits = m.group(2);
            try {
                if (digits.startsWith("0x") || digits.startsWith("0X"))
                    v = Long.parseLong(m.group(1) + digits.substring(2), 16);
                else if (digits.startsWith("0"))
                    v = Long.parseLong(m.group(1) + digits, 8);
                else
                    v = Long.parseLong(m.group(1) + digits, 10);
            } catch (NumberFormatException e) {
                v = null; /* out of range of a long: strtol's ERANGE */
            }
        }
        if (v == null || v < min || v > max)
            usage("bad number " + s);
        return v;
    }

    static void usage(String message) {
        if (message != null)
            System.err.println(message);
        System.err.println("usage: " + USAGE);
        System.err.flush();
        System.exit(2);
    }

    /* The messages Java gives for errnos (strerror's text) and the names
     * the C peer prints for them. */
    static final String[][] ERRNOS = {
        {"Connection refused", "ECONNREFUSED"},
        {"Connection reset", "ECONNRESET"},
        {"Broken pipe", "EPIPE"},
        {"Connection timed out", "ETIMEDOUT"},
        {"No route to host", "EHOSTUNREACH"},
        {"Network is unreachable", "ENETUNREACH"},
        {"Address already in use", "EADDRINUSE"},
        {"Cannot assign requested address", "EADDRNOTAVAIL"},
        {"Software caused connection abort", "ECONNABORTED"},
        {"Resource temporarily unavailable", "EAGAIN"},
        {"Too many open files in system", "ENFILE"},
        {"Too many open files", "EMFILE"},
        {"No buffer space available", "ENOBUFS"},
        {"Cannot allocate memory", "ENOMEM"},
        {"Permission denied", "EACCES"},
        {"Operation not permitted", "EPERM"},
        {"No such file or directory", "ENOENT"},
        {"Not a directory", "ENOTDIR"},
        {"Is a directory", "EISDIR"},
        {"File exists", "EEXIST"},
        {"Read-only file system", "EROFS"},
        {"No space left on device", "ENOSPC"},
        {"Invalid argument", "EINVAL"},
        {"Invalid cross-device link", "EXDEV"},
        {"File name too long", "ENAMETOOLONG"},
        {"Protocol not available", "ENOPROTOOPT"},
    };

    /* errnoName names the errno behind e as the C peer prints it, or gives
     * e's message where none can be told. */
    static String errnoName(IOException e) {
        if (e instanceof SocketTimeoutException)
            return "EAGAIN"; /* what a SO_RCVTIMEO or SO_SNDTIMEO expiry gives */
        if (e instanceof NoSuchFileException)
            return "ENOENT";
        if (e instanceof AccessDeniedException)
            return "EACCES";
        if (e instanceof NotDirectoryException)
            return "ENOTDIR";
        if (e instanceof FileAlreadyExistsException)
            return "EEXIST";
        String msg = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (msg == null)
            msg = e.toString();
        for (String[] m : ERRNOS)
            if (msg.contains(m[0]))
                return m[1];
        return msg;
    }

    static void error(String call, IOException e) {
        System.err.println(call + ": " + errnoName(e));
        System.err.flush();
    }

    static void fail(String call, IOException e) {
        error(call, e);
        System.exit(1);
    }
}
