/** crossrole server module: see PRODUCT.md for its place in the system. */
package dev.crossrole.server;
