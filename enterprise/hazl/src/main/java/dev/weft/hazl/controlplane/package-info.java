/**
 * HAZL in the control plane: reads the cluster's HAZL settings (ConfigMap {@code weft-hazl}, which
 * the weft-enterprise chart writes) and, when the license entitles {@code hazl}, tells every proxy
 * to balance each service with {@code hazl} unless the Service's annotations say otherwise. It only
 * chooses the balancer the proxies build; the balancer itself is {@code dev.weft.hazl}.
 */
package dev.weft.hazl.controlplane;
