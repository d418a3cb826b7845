package dev.leakguard.pprof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protocol buffers wire format for {@code profile.proto}: varints and
 * length-delimited fields (strings, nested messages, packed numbers).
 */
final class ProtoWriter {

	private static final int VARINT = 0;

	private static final int LENGTH_DELIMITED = 2;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	/** Writes a varint field; proto3 leaves zero values out. */
	ProtoWriter number(int field, long value) {
		if (value != 0) {
			tag(field, VARINT);
			varint(value);
		}
		return this;
	}

	ProtoWriter bool(int field, boolean value) {
		return number(field, value ? 1 : 0);
	}

	ProtoWriter string(int field, String value) {
		return bytes(field, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Writes a string even when empty: the string table's first entry must be "". */
	ProtoWriter stringAlways(int field, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		tag(field, LENGTH_DELIMITED);
		varint(bytes.length);
		this.out.writeBytes(bytes);
		return this;
	}

	ProtoWriter message(int field, ProtoWriter message) {
		return bytes(field, message.toByteArray());
	}

	ProtoWriter packed(int field, long[] values) {
		if (values.length == 0) {
			return this;
		}
		ProtoWriter packed = new ProtoWriter();
		for (long value : values) {
			packed.varint(value);
		}
		return bytes(field, packed.toByteArray());
	}

	byte[] toByteArray() {
		return this.out.toByteArray();
	}

	private ProtoWriter bytes(int field, byte[] bytes) {
		tag(field, LENGTH_DELIMITED);
		varint(bytes.length);
		this.out.writeBytes(bytes);
		return this;
	}

	private void tag(int field, int wireType) {
		varint(((long) field << 3) | wireType);
	}

	private void varint(long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			this.out.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		this.out.write((int) rest);
	}

}
