package dev.leakguard.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingExecutor;
import dev.leakguard.executor.TrackingExecutorService;
import dev.leakguard.executor.TrackingForkJoinPool;
import dev.leakguard.executor.TrackingScheduledExecutorService;
import dev.leakguard.executor.TrackingScheduledThreadPoolExecutor;
import dev.leakguard.executor.TrackingThreadPoolExecutor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Makes every executor bean carry request scopes into its tasks and record them:
 * <ul>
 * <li>Spring's executors ({@code taskScheduler}, virtual thread executors, and the user's
 * own) get a {@link TaskDecorator} that wraps the one they were configured with, so Boot
 * still binds its executor metrics to the concrete types.</li>
 * <li>A {@link ThreadPoolTaskExecutor} of exactly that class, not yet initialized (Boot's
 * {@code applicationTaskExecutor}), is replaced by a tracking subclass of the same
 * configuration: a decorator would make Spring keep a weakly referenced entry per
 * task.</li>
 * <li>Other {@link ExecutorService}, {@link ScheduledExecutorService} and
 * {@link Executor} beans are wrapped, but only when their {@code @Bean} method declares
 * the interface: a bean declared as a concrete class keeps its type.</li>
 * <li>Beans declared as the JDK's {@link ThreadPoolExecutor},
 * {@link ScheduledThreadPoolExecutor} or {@link ForkJoinPool} (exactly those classes) are
 * replaced, before any use, by a tracking subclass of the same configuration: same type,
 * tasks tracked.</li>
 * </ul>
 */
final class ExecutorTrackingPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final String REPLACED_PREFIX = "leakguard.replaced.";

	private final ObjectProvider<TaskRegistry> registry;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ExecutorTrackingPostProcessor(ObjectProvider<TaskRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean.getClass() == ThreadPoolTaskExecutor.class && !isInitialized((ThreadPoolTaskExecutor) bean)) {
			TrackingThreadPoolTaskExecutor replacement = TrackingThreadPoolTaskExecutor
				.replacing((ThreadPoolTaskExecutor) bean, this.registry.getObject(), beanName);
			destroyWithTheContext(beanName, replacement);
			return replacement;
		}
		if (bean instanceof ThreadPoolTaskExecutor executor) {
			executor.setTaskDecorator(decorator(executor, beanName));
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(decorator(scheduler, beanName));
		}
		else if (bean instanceof SimpleAsyncTaskExecutor executor) {
			executor.setTaskDecorator(decorator(executor, beanName));
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof TaskExecutor || bean instanceof TrackingExecutorService
				|| bean instanceof TrackingExecutor) {
			return bean;
		}
		Class<?> declared = declaredType(beanName);
		// declared by the JDK's concrete class: a tracking subclass of the same configuration keeps the type
		if (declared == ScheduledThreadPoolExecutor.class && bean.getClass() == ScheduledThreadPoolExecutor.class) {
			return shutDownWithTheContext(beanName, TrackingScheduledThreadPoolExecutor
				.replacing((ScheduledThreadPoolExecutor) bean, this.registry.getObject(), beanName));
		}
		if (declared == ThreadPoolExecutor.class && bean.getClass() == ThreadPoolExecutor.class) {
			return shutDownWithTheContext(beanName,
					TrackingThreadPoolExecutor.replacing((ThreadPoolExecutor) bean, this.registry.getObject(), beanName));
		}
		if (declared == ForkJoinPool.class && bean.getClass() == ForkJoinPool.class) {
			ForkJoinPool replacement = TrackingForkJoinPool.replacing((ForkJoinPool) bean, this.registry.getObject(),
					beanName);
			return (replacement != bean) ? shutDownWithTheContext(beanName, replacement) : bean;
		}
		if (declared == ScheduledExecutorService.class && bean instanceof ScheduledExecutorService scheduler) {
			return new TrackingScheduledExecutorService(scheduler, this.registry.getObject(), beanName);
		}
		if (declared == ExecutorService.class && bean instanceof ExecutorService executor) {
			return new TrackingExecutorService(executor, this.registry.getObject(), beanName);
		}
		if (declared == Executor.class && bean instanceof Executor executor) {
			return new TrackingExecutor(executor, this.registry.getObject(), beanName);
		}
		return bean;
	}

	/**
	 * Spring destroys the instance it created, not the one a post-processor returned: the
	 * replacement is destroyed by a registration of its own, as the bean would have been.
	 */
	private void destroyWithTheContext(String beanName, DisposableBean replacement) {
		if (this.beanFactory instanceof DefaultSingletonBeanRegistry singletons) {
			singletons.registerDisposableBean(REPLACED_PREFIX + beanName, replacement);
		}
	}

	/**
	 * Shuts a replaced JDK executor down with the context through the destroy method its
	 * bean declared ({@code shutdownNow}, {@code close}), or {@code shutdown} where the
	 * method is inferred, as Spring does for an {@code ExecutorService}.
	 */
	private ExecutorService shutDownWithTheContext(String beanName, ExecutorService replacement) {
		String method = declaredDestroyMethod(beanName);
		destroyWithTheContext(beanName, () -> {
			if ("shutdownNow".equals(method)) {
				replacement.shutdownNow();
			}
			else if ("close".equals(method) && replacement instanceof AutoCloseable closeable) {
				closeable.close(); // an ExecutorService is AutoCloseable from Java 19
			}
			else {
				replacement.shutdown();
			}
		});
		return replacement;
	}

	private @Nullable String declaredDestroyMethod(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		String[] names = (this.beanFactory.getMergedBeanDefinition(beanName) instanceof AbstractBeanDefinition definition)
				? definition.getDestroyMethodNames() : null;
		return (names != null && names.length == 1) ? names[0] : null;
	}

	private static boolean isInitialized(ThreadPoolTaskExecutor executor) {
		try {
			executor.getThreadPoolExecutor();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private TaskDecorator decorator(Object executor, String beanName) {
		return new TrackingTaskDecorator(this.registry.getObject(), beanName, existingDecorator(executor));
	}

	/**
	 * Reads the decorator the executor was built with (Boot's builders set the
	 * application's {@code TaskDecorator} beans there); Spring offers no getter.
	 */
	private static @Nullable TaskDecorator existingDecorator(Object executor) {
		Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		Object existing = ReflectionUtils.getField(field, executor);
		return (existing instanceof TaskDecorator decorator && !(existing instanceof TrackingTaskDecorator))
				? decorator : null;
	}

	private @Nullable Class<?> declaredType(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		if (definition instanceof RootBeanDefinition root) {
			Method factoryMethod = root.getResolvedFactoryMethod();
			return (factoryMethod != null) ? factoryMethod.getReturnType() : null;
		}
		return null;
	}

}
