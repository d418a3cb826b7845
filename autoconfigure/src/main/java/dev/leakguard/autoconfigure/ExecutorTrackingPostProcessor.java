package dev.leakguard.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingExecutor;
import dev.leakguard.executor.TrackingExecutorService;
import dev.leakguard.executor.TrackingScheduledExecutorService;
import dev.leakguard.executor.TrackingScheduledThreadPoolExecutor;
import dev.leakguard.executor.TrackingThreadPoolExecutor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
 * <li>Spring's executors ({@code applicationTaskExecutor}, {@code taskScheduler}, virtual
 * thread executors, and the user's own) get a {@link TaskDecorator} that wraps the one
 * they were configured with, so Boot still binds its executor metrics to the concrete
 * types.</li>
 * <li>Other {@link ExecutorService}, {@link ScheduledExecutorService} and
 * {@link Executor} beans are wrapped, but only when their {@code @Bean} method declares
 * the interface: a bean declared as a concrete class keeps its type.</li>
 * <li>Beans declared as the JDK's {@link ThreadPoolExecutor} or
 * {@link ScheduledThreadPoolExecutor} (exactly those classes) are replaced, before any use,
 * by a tracking subclass of the same configuration: same type, tasks tracked.</li>
 * </ul>
 */
final class ExecutorTrackingPostProcessor implements BeanPostProcessor, BeanFactoryAware {

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
			return TrackingScheduledThreadPoolExecutor.replacing((ScheduledThreadPoolExecutor) bean,
					this.registry.getObject(), beanName);
		}
		if (declared == ThreadPoolExecutor.class && bean.getClass() == ThreadPoolExecutor.class) {
			return TrackingThreadPoolExecutor.replacing((ThreadPoolExecutor) bean, this.registry.getObject(), beanName);
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
