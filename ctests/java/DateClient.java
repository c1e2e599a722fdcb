/*
 * DateClient of document 001 (Java, port 6013), made correct.
 *
 * It connects to the date server, reads its reply to the end and prints
 * it. It is the "java" implementation of the role date_client, so it takes
 * the same flags, prints the same bytes and exits with the same statuses
 * as ctests/date_client.c. It runs from source: java DateClient.java.
 *
 * Made correct, and why:
 * - The server is named by -host and -port (the document hard-codes
 *   127.0.0.1:6013, which stay the defaults), resolved to an IPv4 address
 *   as getaddrinfo with AF_INET does.
 * - The reply is bounded in time (-timeout, the socket's read timeout, as
 *   the C peer's SO_RCVTIMEO: a silent server fails the read with EAGAIN)
 *   and in size (a reply longer than 256 bytes is refused, not read for
 *   ever), and a reply that does not end in a newline was cut short: an
 *   error, not a line.
 * - The reply is printed as the bytes that came, not decoded by a
 *   BufferedReader and printed again with the platform's line separator;
 *   System.out (a PrintStream) hides write errors, so it writes to
 *   standard output directly.
 * - Flags are parsed as the C peer's getopt_long_only parses them (single
 *   dash, a value in the next word or after "="), numbers as its strtol;
 *   bad usage prints "usage: date_client ..." and exits 2; a failed call
 *   prints "call: ENAME" (e.g. "connect: ECONNREFUSED") and exits 1, where
 *   the document printed the exception and exited 0.
 */
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DateClient {
    static final String HOST = "127.0.0.1"; /* new Socket("127.0.0.1",6013), DATE_HOST */
    static final int PORT = 6013;           /* DATE_PORT */
    static final int LINE_MAX = 256;        /* DATE_LINE_MAX, the newline included */
    static final String USAGE = "date_client [-host name] [-port n] [-timeout seconds]";

    public static void main(String[] args) {
        Map<String, String> flags = parseFlags(args, "host", "port", "timeout");
        String host = flags.getOrDefault("host", HOST);
        int port = flags.containsKey("port") ? (int) parseLong(flags.get("port"), 1, 65535) : PORT;
        int timeout = flags.containsKey("timeout") ? (int) parseLong(flags.get("timeout"), 1, 86400) : 10;

        InetAddress addr = resolve(host);
        Socket sock = new Socket();
        try {
            sock.setSoTimeout(timeout * 1000);
        } catch (IOException e) {
            fail("setsockopt", e);
        }
        /* make connection to server socket */
        try {
            sock.connect(new InetSocketAddress(addr, port));
        } catch (IOException e) {
            fail("connect", e);
        }

        /* read the date from the socket: one byte more than a reply may
         * hold tells a reply that is too long */
        byte[] buf = new byte[LINE_MAX + 1];
        int n = 0;
        try {
            InputStream in = sock.getInputStream();
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0)
                    break;
                n += r;
            }
        } catch (IOException e) {
            fail("read", e);
        }
        if (n > LINE_MAX)
            failf("read: reply longer than " + LINE_MAX + " bytes");
        if (n == 0 || buf[n - 1] != '\n')
            failf("read: reply of " + n + " bytes does not end in a newline");
        try {
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(buf, 0, n);
            out.flush();
        } catch (IOException e) {
            fail("write", e);
        }
        /* close the socket connection */
        try {
            sock.close();
        } catch (IOException e) {
            fail("close", e);
        }
        System.exit(0);
    }

    /* resolve returns host's first IPv4 address, failing with the name of
     * the getaddrinfo error the C peer would print. Java keeps only
     * gai_strerror's text of that error. */
    static InetAddress resolve(String host) {
        String name = "EAI_NONAME";
        if (!host.isEmpty()) { /* Java takes "" for loopback; getaddrinfo refuses it */
            try {
                for (InetAddress a : InetAddress.getAllByName(host))
                    if (a instanceof Inet4Address)
                        return a;
            } catch (UnknownHostException e) {
                String msg = String.valueOf(e.getMessage());
                if (msg.contains("Temporary failure in name resolution"))
                    name = "EAI_AGAIN";
                else if (msg.contains("Non-recoverable failure in name resolution"))
                    name = "EAI_FAIL";
                else if (msg.contains("No address associated with hostname"))
                    name = "EAI_NODATA";
                else if (!msg.contains("Name or service not known"))
                    name = "EAI_FAIL";
            }
        }
        failf("getaddrinfo: " + name);
        return null;
    }

    /* parseFlags parses args as getopt_long_only does with every option
     * taking a value: -name value, -name=value, --name value or
     * --name=value; "--" ends the options; anything left is bad usage. */
    static Map<String, String> parseFlags(String[] args, String... names) {
        Map<String, String> values = new HashMap<>();
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
        {"Cannot assign requested address", "EADDRNOTAVAIL"},
        {"Software caused connection abort", "ECONNABORTED"},
        {"Resource temporarily unavailable", "EAGAIN"},
        {"Too many open files in system", "ENFILE"},
        {"Too many open files", "EMFILE"},
        {"No buffer space available", "ENOBUFS"},
        {"Cannot allocate memory", "ENOMEM"},
        {"Permission denied", "EACCES"},
        {"Operation not permitted", "EPERM"},
        {"Invalid argument", "EINVAL"},
        {"Bad file descriptor", "EBADF"},
        {"No space left on device", "ENOSPC"},
        {"Input/output error", "EIO"},
    };

    /* errnoName names the errno behind e as the C peer prints it, or gives
     * e's message where none can be told. */
    static String errnoName(IOException e) {
        if (e instanceof SocketTimeoutException)
            return "EAGAIN"; /* what a SO_RCVTIMEO expiry gives */
        String msg = e.getMessage();
        if (msg == null)
            msg = e.toString();
        for (String[] m : ERRNOS)
            if (msg.contains(m[0]))
                return m[1];
        return msg;
    }

    static void failf(String message) {
        System.err.println(message);
        System.err.flush();
        System.exit(1);
    }

    static void fail(String call, IOException e) {
        failf(call + ": " + errnoName(e));
    }
}
