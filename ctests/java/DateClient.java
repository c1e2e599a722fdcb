/*
 * DateClient of document 001 (Java, port 6013), made correct.
 *
 * It connects to the date server, reads its reply to the end and prints
 * it, line by line.
 *
 * Made correct: the server's host and port come from arguments (-host,
 * -port, as date_client takes them); the reply is bounded in time; lines
 * are printed with "\n" whatever the platform's line separator; a failure
 * exits 1 instead of being printed and ignored.
 */
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class DateClient {
    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 6013;
        int timeout = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-host": host = args[i + 1]; break;
                case "-port": port = Integer.parseInt(args[i + 1]); break;
                case "-timeout": timeout = Integer.parseInt(args[i + 1]); break;
                default:
                    System.err.println("usage: DateClient [-host name] [-port n] [-timeout seconds]");
                    System.exit(2);
            }
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        /* make connection to server socket */
        try (Socket sock = new Socket(host, port)) {
            sock.setSoTimeout(timeout * 1000);
            BufferedReader bin = new BufferedReader(
                new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
            /* read the date from the socket */
            String line;
            while ((line = bin.readLine()) != null) {
                out.print(line + "\n");
            }
        }
        out.flush();
    }
}
