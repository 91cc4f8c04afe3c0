package io.certgate.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request that writes down every question a filter asks it, in order, with the arguments: its own getters,
 * and the calls on the header enumerations and the servlet context it hands out (which cost the container as
 * much as the getters). The answers come from a {@link FakeExchange.Request}.
 */
final class RecordingRequest {
    private final List<String> calls = new ArrayList<>();
    private final HttpServletRequest request;

    RecordingRequest(HttpServletRequest answers) {
        this.request = recording(HttpServletRequest.class, answers, "");
    }

    HttpServletRequest request() {
        return request;
    }

    /** Every call so far, e.g. {@code getHeaders(X-Client-Dn)} or {@code getHeaders(X-Client-Dn).nextElement()}. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    private <T> T recording(Class<T> type, Object target, String prefix) {
        return type.cast(Proxy.newProxyInstance(RecordingRequest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return invoke(method, target, args);
                    }
                    String call = prefix + method.getName() + "(" + (args == null ? ""
                            : Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(", "))) + ")";
                    calls.add(call);
                    Object answer = invoke(method, target, args);
                    if (answer instanceof Enumeration<?> values) {
                        return recording(Enumeration.class, values, call + ".");
                    }
                    if (answer instanceof ServletContext context) {
                        return recording(ServletContext.class, context, call + ".");
                    }
                    return answer;
                }));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
