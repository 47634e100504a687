package org.cruddur.activities;

/**
 * What the in-memory stores count to bound their size in bytes: an estimate of the heap
 * an item takes, {@value #PER_ITEM} bytes for the objects around its text (record, UUIDs,
 * instants, string headers, index entries) plus two bytes per character of its text
 * (UTF-16, the most a Java string takes).
 */
public final class HeapBytes {

	public static final int PER_ITEM = 256;

	private HeapBytes() {
	}

	public static long of(String... texts) {
		long bytes = PER_ITEM;
		for (String text : texts) {
			bytes += (text != null) ? 2L * text.length() : 0;
		}
		return bytes;
	}

}
