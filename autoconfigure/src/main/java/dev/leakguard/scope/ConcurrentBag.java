package dev.leakguard.scope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A bag that many threads add to and remove from, read seldom: a call site's running
 * tasks, the scopes whose deadlines fall in one timer tick. Adding is one
 * compare-and-set on one of a few stacks, chosen by the element's hash; removing the
 * newest element of its stack (the usual case: a task that ends before another one of its
 * stack starts) pops it with one more; removing any other is one write. That one leaves
 * an empty node behind, unlinked once its stack holds about as many empty nodes as live
 * ones (by the thread that removes then, or by a reader), so memory stays within twice
 * the live elements plus a few dozen nodes per stack, and an empty node keeps nothing of
 * its element alive.
 * <p>
 * A bag can be closed once, as a request scope's listeners are by a cancel: adding fails
 * from then on, and each element left is taken either by the closing thread or by its
 * remover ({@link Node#take(Object)}), one compare-and-set deciding which.
 * <p>
 * Reads are weakly consistent, like a concurrent collection's iterator: an element added
 * or removed while a read runs may or may not be seen. Internal to leakguard, shared by
 * its packages.
 * @param <E> the element type
 */
public final class ConcurrentBag<E> {

	private static final int MIN_UNLINK = 32;

	/** A power of two: at least 8, at least twice the processors, at most 64. */
	public static final int PER_PROCESSORS = Math.min(64,
			Integer.highestOneBit(Math.max(8, Runtime.getRuntime().availableProcessors() * 2) * 2 - 1));

	/** A stack's head once the bag is {@linkplain #close() closed}: never popped, holds nothing. */
	private static final Node<Object> CLOSED = new Node<>(null, null);

	private final Stripe[] stripes;

	/**
	 * Creates a bag of the given number of stacks.
	 * @param stripes how many stacks, a power of two: more for more threads at once
	 */
	public ConcurrentBag(int stripes) {
		this(stripes, MIN_UNLINK);
	}

	/**
	 * Creates a bag of the given number of stacks, each unlinking its empty nodes once it
	 * holds that many, or as many as live ones.
	 * @param stripes how many stacks, a power of two: more for more threads at once
	 * @param minUnlink the fewest empty nodes a stack unlinks at once: fewer for bags that
	 * mostly hold nothing
	 */
	public ConcurrentBag(int stripes, int minUnlink) {
		if (Integer.bitCount(stripes) != 1) {
			throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
		}
		this.stripes = new Stripe[stripes];
		for (int i = 0; i < stripes; i++) {
			this.stripes[i] = new Stripe(minUnlink);
		}
	}

	/**
	 * Adds an element to a bag that is never closed.
	 * @param element the element
	 * @param hash picks its stack: random per element spreads the threads best
	 * @return its node, to {@linkplain Node#remove() remove} it by
	 */
	public Node<E> add(E element, int hash) {
		Node<E> node = addUnlessClosed(element, hash);
		if (node == null) {
			throw new IllegalStateException("closed");
		}
		return node;
	}

	/**
	 * Adds an element unless the bag is {@linkplain #close() closed}.
	 * @param element the element
	 * @param hash picks its stack: random per element spreads the threads best
	 * @return its node, to {@linkplain Node#take(Object) take} it back by, or {@code null}
	 * if the bag is closed
	 */
	public @Nullable Node<E> addUnlessClosed(E element, int hash) {
		Stripe stripe = this.stripes[hash & (this.stripes.length - 1)];
		Node<E> node = new Node<>(element, stripe);
		Node<?> head;
		do {
			head = stripe.head;
			if (head == CLOSED) {
				return null;
			}
			node.next = head;
		}
		while (!Stripe.HEAD.compareAndSet(stripe, head, node));
		return node;
	}

	/**
	 * Closes the bag and takes every element still in it: each one either here or by
	 * {@link Node#take(Object)}, never both. Adding fails from now on.
	 * @return the elements taken, newest of each stack first
	 */
	@SuppressWarnings("unchecked")
	public List<E> close() {
		List<E> taken = new ArrayList<>();
		for (Stripe stripe : this.stripes) {
			Node<?> head = (Node<?>) Stripe.HEAD.getAndSet(stripe, CLOSED);
			for (Node<?> node = head; node != null && node != CLOSED; node = node.next) {
				Object element = node.element;
				if (element != null && Node.ELEMENT.compareAndSet(node, element, null)) {
					taken.add((E) element);
				}
			}
		}
		return taken;
	}

	/**
	 * Whether the bag holds nothing, not even an empty node that a removal is about to
	 * pop: {@code false} may mean "not yet", never the reverse.
	 * @return {@code true} if every stack is empty or closed
	 */
	public boolean isEmpty() {
		for (Stripe stripe : this.stripes) {
			Node<?> head = stripe.head;
			if (head != null && head != CLOSED) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns how many elements the bag holds.
	 * @return the count
	 */
	public int size() {
		int size = 0;
		for (Stripe stripe : this.stripes) {
			size += stripe.unlink();
		}
		return size;
	}

	/**
	 * Returns the elements.
	 * @return a copy, in no particular order
	 */
	public List<E> snapshot() {
		for (Stripe stripe : this.stripes) {
			stripe.unlink();
		}
		List<E> elements = new ArrayList<>();
		forEach(elements::add);
		return elements;
	}

	/**
	 * Calls the given action with each element, without copying them or unlinking empty
	 * nodes: for a periodic reader that must not allocate per element.
	 * @param action called once per element found
	 */
	@SuppressWarnings("unchecked")
	public void forEach(Consumer<? super E> action) {
		for (Stripe stripe : this.stripes) {
			for (Node<?> node = stripe.head; node != null; node = node.next) {
				Object element = node.element;
				if (element != null) {
					action.accept((E) element);
				}
			}
		}
	}

	/**
	 * Returns how many nodes the stacks hold now, live and empty, without unlinking any.
	 * @return the node count
	 */
	int nodes() {
		int nodes = 0;
		for (Stripe stripe : this.stripes) {
			for (Node<?> node = stripe.head; node != null; node = node.next) {
				nodes++;
			}
		}
		return nodes;
	}

	/**
	 * Returns the bound on empty nodes between two unlinks of stacks with few live elements.
	 * @return the bound, per stack, times the number of stacks
	 */
	int emptyNodesBound() {
		return this.stripes[0].minUnlink * this.stripes.length;
	}

	/**
	 * An element's place: emptied when it is removed.
	 * @param <E> the element type
	 */
	public static final class Node<E> {

		private static final VarHandle ELEMENT;

		static {
			try {
				ELEMENT = MethodHandles.lookup().findVarHandle(Node.class, "element", Object.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private volatile @Nullable Object element;

		/**
		 * Written before the node is published (the head's compare-and-set orders it);
		 * changed later by the unlinking thread only.
		 */
		private @Nullable Node<?> next;

		private final @Nullable Stripe stripe;

		Node(@Nullable E element, @Nullable Stripe stripe) {
			this.element = element;
			this.stripe = stripe;
		}

		/** Removes the element from its bag; removing twice does nothing. */
		public void remove() {
			if (this.element == null || popped()) {
				return;
			}
			ELEMENT.setRelease(this, null); // no fence: readers only need to see it eventually
			emptied();
		}

		/**
		 * Removes the element from its bag unless {@link ConcurrentBag#close()} took it
		 * first: one compare-and-set decides (popping the node off its stack's head, or
		 * emptying it).
		 * @param element the node's element
		 * @return {@code true} if this call removed it
		 */
		public boolean take(E element) {
			if (popped()) {
				return true; // off the stack before any close could take it
			}
			if (!ELEMENT.compareAndSet(this, element, null)) {
				return false;
			}
			emptied();
			return true;
		}

		/**
		 * Pops the node if it is the newest of its stack, as a task that ends before the
		 * next one starts: nothing left behind, and the empty nodes it covered are on top now.
		 */
		private boolean popped() {
			Stripe stripe = this.stripe;
			if (stripe == null || stripe.head != this || !Stripe.HEAD.compareAndSet(stripe, this, this.next)) {
				return false;
			}
			ELEMENT.setOpaque(this, null); // keeps nothing alive; no reader finds the node from the head now
			stripe.popEmpty();
			return true;
		}

		private void emptied() {
			Stripe stripe = this.stripe;
			if (stripe != null && ++stripe.emptySinceUnlink > stripe.unlinkAfter) { // racy: a rough trigger will do
				stripe.unlink();
			}
		}

	}

	/**
	 * One stack of nodes. Only its head changes concurrently (pushes); the links behind it
	 * are changed by one unlinking thread at a time.
	 */
	static final class Stripe {

		static final VarHandle HEAD;

		private static final VarHandle UNLINKING;

		static {
			try {
				HEAD = MethodHandles.lookup().findVarHandle(Stripe.class, "head", Node.class);
				UNLINKING = MethodHandles.lookup().findVarHandle(Stripe.class, "unlinking", boolean.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		volatile @Nullable Node<?> head;

		final int minUnlink;

		int emptySinceUnlink;

		int unlinkAfter;

		private volatile boolean unlinking;

		Stripe(int minUnlink) {
			this.minUnlink = minUnlink;
			this.unlinkAfter = minUnlink;
		}

		/**
		 * Pops the empty nodes on top of the stack: a compare-and-set each, racing pushes
		 * (which win) and other pops; the links behind the head are left to {@link #unlink()}.
		 */
		void popEmpty() {
			Node<?> head = this.head;
			while (head != null && head != CLOSED && head.element == null
					&& HEAD.compareAndSet(this, head, head.next)) {
				head = this.head;
			}
		}

		/**
		 * Unlinks the empty nodes, unless another thread does it now.
		 * @return the live nodes counted on the way (all of them, if another thread unlinks)
		 */
		int unlink() {
			if (!UNLINKING.compareAndSet(this, false, true)) {
				return count();
			}
			try {
				int live = 0;
				popEmpty(); // an empty head is dropped only if no push came since: pushes race on the head
				Node<?> previous = null;
				for (Node<?> node = this.head; node != null; node = node.next) {
					if (node.element != null) {
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
				this.unlinkAfter = Math.max(this.minUnlink, live);
				return live;
			}
			finally {
				this.unlinking = false;
			}
		}

		private int count() {
			int live = 0;
			for (Node<?> node = this.head; node != null; node = node.next) {
				if (node.element != null) {
					live++;
				}
			}
			return live;
		}

	}

}
