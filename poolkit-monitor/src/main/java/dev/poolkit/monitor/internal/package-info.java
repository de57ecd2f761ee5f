/** Implementation details of poolkit-monitor; not API. */
package dev.poolkit.monitor.internal;
