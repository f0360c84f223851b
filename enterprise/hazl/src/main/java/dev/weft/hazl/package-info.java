/**
 * HAZL, High Availability Zonal Load balancing: the {@code hazl} balancer provider of the proxy and
 * the control-plane extension that chooses it for a cluster's services.
 */
package dev.weft.hazl;
