/**
 * Log4j2 integration: the {@code <Tributary>} appender ({@link dev.tributary.log4j2.TributaryAppender}),
 * its JSON layout ({@link dev.tributary.log4j2.TributaryJsonLayout}) and the {@code <Field>} and
 * {@code <Header>} elements. Plugins are listed in the generated
 * {@code Log4j2Plugins.dat}, so configurations need no {@code packages} attribute.
 */
package dev.tributary.log4j2;
