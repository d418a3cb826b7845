package dev.leakguard.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * The tasks of one call site that run now, kept for reports and gauges, which read them
 * seldom, while every task adds and removes itself: adding is one compare-and-set on one
 * of a few stacks; removing the newest task of its stack (the usual case, a task that
 * ends before another one of its stack starts) pops it with one more, removing any other
 * is one write. That one leaves an empty node behind, unlinked once its stack holds about
 * as many empty nodes as live ones (by the thread that removes then, or by a reader), so
 * memory stays within twice the live tasks plus a few dozen nodes per stack, and an empty
 * node keeps nothing of its task alive.
 * <p>
 * Reads are weakly consistent, like a concurrent collection's iterator: a task added or
 * removed while a read runs may or may not be seen.
 */
final class RunningSet {

	private static final int MIN_UNLINK = 32;

	/** A power of two: at least 8, at least twice the processors, at most 64. */
	private static final int STRIPES = Math.min(64,
			Integer.highestOneBit(Math.max(8, Runtime.getRuntime().availableProcessors() * 2) * 2 - 1));

	private final Stripe[] stripes = new Stripe[STRIPES];

	RunningSet() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	/**
	 * Adds a task; its hash, random per task, picks the stack.
	 * @param task the task
	 * @return its node, to {@linkplain #remove(Node) remove} it by
	 */
	Node add(TrackedTask task) {
		Stripe stripe = this.stripes[task.hashCode() & (STRIPES - 1)];
		Node node = new Node(task, stripe);
		Node head;
		do {
			head = stripe.head;
			node.next = head;
		}
		while (!Stripe.HEAD.compareAndSet(stripe, head, node));
		return node;
	}

	/**
	 * Removes the task of the given node; removing twice does nothing.
	 * @param node the node {@link #add(TrackedTask)} returned
	 */
	void remove(Node node) {
		if (node.task == null) {
			return;
		}
		Node.TASK.setRelease(node, null); // no fence: readers only need to see it eventually
		Stripe stripe = node.stripe;
		if (stripe.head == node && Stripe.HEAD.compareAndSet(stripe, node, node.next)) {
			return; // the newest of its stack, as a task that ends before the next one starts: nothing left behind
		}
		if (++stripe.emptySinceUnlink > stripe.unlinkAfter) { // racy count: a rough trigger is enough
			stripe.unlink();
		}
	}

	/**
	 * Returns how many tasks run now.
	 * @return the count
	 */
	int size() {
		int size = 0;
		for (Stripe stripe : this.stripes) {
			size += stripe.unlink();
		}
		return size;
	}

	/**
	 * Returns the tasks running now.
	 * @return a copy, in no particular order
	 */
	List<TrackedTask> snapshot() {
		List<TrackedTask> tasks = new ArrayList<>();
		for (Stripe stripe : this.stripes) {
			stripe.unlink();
			for (Node node = stripe.head; node != null; node = node.next) {
				TrackedTask task = node.task;
				if (task != null) {
					tasks.add(task);
				}
			}
		}
		return tasks;
	}

	/**
	 * Returns how many nodes the stacks hold now, live and empty, without unlinking any.
	 * @return the node count
	 */
	int nodes() {
		int nodes = 0;
		for (Stripe stripe : this.stripes) {
			for (Node node = stripe.head; node != null; node = node.next) {
				nodes++;
			}
		}
		return nodes;
	}

	/**
	 * Returns the bound on empty nodes between two unlinks of a stack with few live tasks.
	 * @return the bound, per stack, times the number of stacks
	 */
	static int emptyNodesBound() {
		return MIN_UNLINK * STRIPES;
	}

	/** A running task's place: emptied when it ends. */
	static final class Node {

		static final VarHandle TASK;

		static {
			try {
				TASK = MethodHandles.lookup().findVarHandle(Node.class, "task", TrackedTask.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		volatile @Nullable TrackedTask task;

		/**
		 * Written before the node is published (the head's compare-and-set orders it);
		 * changed later by the unlinking thread only.
		 */
		@Nullable Node next;

		final Stripe stripe;

		Node(TrackedTask task, Stripe stripe) {
			this.task = task;
			this.stripe = stripe;
		}

	}

	/**
	 * One stack of nodes. Only its head changes concurrently (pushes); the links behind it
	 * are changed by one unlinking thread at a time.
	 */
	static final class Stripe {

		static final VarHandle HEAD;

		static {
			try {
				HEAD = MethodHandles.lookup().findVarHandle(Stripe.class, "head", Node.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		volatile @Nullable Node head;

		int emptySinceUnlink;

		int unlinkAfter = MIN_UNLINK;

		private final AtomicBoolean unlinking = new AtomicBoolean();

		/**
		 * Unlinks the empty nodes, unless another thread does it now.
		 * @return the live nodes counted on the way (all of them, if another thread unlinks)
		 */
		int unlink() {
			if (!this.unlinking.compareAndSet(false, true)) {
				return count();
			}
			try {
				int live = 0;
				Node head = this.head;
				// an empty head is dropped only if no push came since: pushes race on the head
				while (head != null && head.task == null && HEAD.compareAndSet(this, head, head.next)) {
					head = head.next;
				}
				Node previous = null;
				for (Node node = this.head; node != null; node = node.next) {
					if (node.task != null) {
						live++;
						previous = node;
					}
					else if (previous != null) {
						previous.next = node.next; // behind the head: no push writes there
					}
					else {
						previous = node; // the head, emptied after the loop above: the next unlink takes it
					}
				}
				this.emptySinceUnlink = 0;
				this.unlinkAfter = Math.max(MIN_UNLINK, live);
				return live;
			}
			finally {
				this.unlinking.set(false);
			}
		}

		private int count() {
			int live = 0;
			for (Node node = this.head; node != null; node = node.next) {
				if (node.task != null) {
					live++;
				}
			}
			return live;
		}

	}

}
