/*
 * DateServer of document 001 (Java, port 6013), made correct.
 *
 * It serves clients one after another: to each it writes one line, the
 * date as java.util.Date.toString() prints it, and closes the connection.
 *
 * Made correct: it binds loopback and takes its port, client count, ready
 * file and timeout from arguments, with the flags of date_server; -epoch
 * formats a fixed time in UTC, as Date.toString() does in that zone, so
 * the line can be checked byte for byte; the line ends in "\n" whatever the
 * platform's line separator; a failure exits 1 instead of being printed
 * and ignored.
 */
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

public class DateServer {
    public static void main(String[] args) throws IOException {
        int port = 6013;
        long clients = 0;
        String ready = null;
        Long epoch = null;
        int timeout = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-port": port = Integer.parseInt(args[i + 1]); break;
                case "-n": clients = Long.parseLong(args[i + 1]); break;
                case "-ready": ready = args[i + 1]; break;
                case "-epoch": epoch = Long.parseLong(args[i + 1]); break;
                case "-timeout": timeout = Integer.parseInt(args[i + 1]); break;
                default:
                    System.err.println("usage: DateServer [-port n] [-n clients] [-epoch seconds] [-ready file] [-timeout seconds]");
                    System.exit(2);
            }
        }
        try (ServerSocket sock = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            if (ready != null) {
                Path tmp = Path.of(ready + ".tmp");
                Files.writeString(tmp, sock.getLocalPort() + "\n");
                Files.move(tmp, Path.of(ready), StandardCopyOption.ATOMIC_MOVE);
            }
            /* now listen for connections */
            for (long served = 0; clients == 0 || served < clients; served++) {
                try (Socket client = sock.accept()) {
                    client.setSoTimeout(timeout * 1000);
                    String date;
                    if (epoch == null) {
                        date = new Date().toString();
                    } else {
                        SimpleDateFormat f = new SimpleDateFormat("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US);
                        f.setTimeZone(TimeZone.getTimeZone("UTC"));
                        date = f.format(new Date(epoch * 1000));
                    }
                    /* write the Date to the socket */
                    OutputStream out = client.getOutputStream();
                    out.write((date + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }
    }
}
