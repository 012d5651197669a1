/**
 * Admin tasks: {@code POST /tasks/NAME} on the admin port, Dropwizard's way of running an operator
 * action on a live server ({@code snapshot}).
 */
package io.tidemark.collector.tasks;
