/**
 * Implementation details of poolkit-balance; not an API, may change without notice.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.poolkit.balance.internal;
