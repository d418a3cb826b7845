package dev.leakguard.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * An unresponsive upstream on loopback: accepts connections and never answers.
 */
@Component
class HangingUpstream implements DisposableBean {

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	HangingUpstream() throws IOException {
		this.server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "hanging-upstream");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/slow";
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				this.sockets.add(this.server.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void destroy() throws IOException, InterruptedException {
		this.server.close();
		this.acceptor.join(); // every socket it took is in the list before they close
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
