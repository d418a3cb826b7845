package dev.leakguard.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream on loopback that accepts connections and never finishes an answer: silent,
 * dripping one byte of a response per second, or sending the headers and the first bytes
 * of the body, then nothing.
 */
final class HangingUpstream implements AutoCloseable {

	enum Mode {

		SILENT, DRIP, STALLED_BODY

	}

	private final ServerSocket server;

	private final Mode mode;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	HangingUpstream(Mode mode) throws IOException {
		this.mode = mode;
		this.server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
		this.acceptor = Thread.ofPlatform().daemon().name("hanging-upstream").start(this::accept);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	int connections() {
		return this.sockets.size();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.sockets.add(socket);
				if (this.mode == Mode.DRIP) {
					Thread.ofVirtual().start(() -> drip(socket));
				}
				else if (this.mode == Mode.STALLED_BODY) {
					Thread.ofVirtual().start(() -> stall(socket));
				}
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void drip(Socket socket) {
		byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
		try {
			OutputStream out = socket.getOutputStream();
			for (byte b : response) {
				out.write(b);
				out.flush();
				Thread.sleep(1000);
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client gave up, as it should
		}
	}

	private void stall(Socket socket) {
		try {
			socket.getInputStream().read(new byte[8192]); // the request, or its start
			socket.getOutputStream()
				.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			// the client gave up
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		// The listener may still take a connection until its acceptor returns, and the
		// JDK client retries a GET once on a fresh connection when one closes before any
		// answer: close sockets before the acceptor is gone and the retry can land on a
		// socket nobody closes (1 stuck call in about 12 rounds of 20, measured).
		this.server.close();
		this.acceptor.join();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
