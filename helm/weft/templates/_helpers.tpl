{{/* Labels every object of the chart carries. */}}
{{- define "weft.labels" -}}
app.kubernetes.io/part-of: weft
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* Labels of the control plane's pods, and the Service's selector (with weft.labels: part-of). */}}
{{- define "weft.selectorLabels" -}}
app.kubernetes.io/name: weft-control-plane
{{- end -}}

{{/* registry/repository:tag, the tag defaulting to the chart's appVersion. Takes (list image root). */}}
{{- define "weft.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- printf "%s/%s:%s" $image.registry $image.repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The Secret the control plane reads its issuer from. */}}
{{- define "weft.issuerSecret" -}}
{{- default "weft-identity-issuer" .Values.identity.issuer.existingSecret -}}
{{- end -}}

{{/* The ConfigMap of trust anchors, read by the control plane and mounted by every proxy. */}}
{{- define "weft.trustAnchorsConfigMap" -}}
{{- default "weft-identity-trust-anchors" .Values.identity.trustAnchors.existingConfigMap -}}
{{- end -}}

{{/* The Secret of the injector's serving certificate. */}}
{{- define "weft.injectorSecret" -}}
{{- default "weft-proxy-injector-tls" .Values.injector.tls.existingSecret -}}
{{- end -}}

{{/* Fails rendering unless identity material is given one way or the other. */}}
{{- define "weft.requireIdentity" -}}
{{- $id := .Values.identity -}}
{{- if and $id.trustAnchorsPEM $id.trustAnchors.existingConfigMap -}}
{{- fail "identity: set identity.trustAnchorsPEM or identity.trustAnchors.existingConfigMap, not both" -}}
{{- end -}}
{{- if not (or $id.trustAnchorsPEM $id.trustAnchors.existingConfigMap) -}}
{{- fail "identity: no trust anchors: set identity.trustAnchorsPEM (PEM roots) or identity.trustAnchors.existingConfigMap (a ConfigMap with ca-bundle.crt); `weft install` generates them, see docs/install.md" -}}
{{- end -}}
{{- if and $id.issuer.existingSecret (or $id.issuer.tls.crtPEM $id.issuer.tls.keyPEM) -}}
{{- fail "identity: set identity.issuer.tls.{crtPEM,keyPEM} or identity.issuer.existingSecret, not both" -}}
{{- end -}}
{{- if not $id.issuer.existingSecret -}}
{{- if not (and $id.issuer.tls.crtPEM $id.issuer.tls.keyPEM) -}}
{{- fail "identity: no issuer: set identity.issuer.tls.crtPEM and identity.issuer.tls.keyPEM (an intermediate CA signed by a trust anchor, and its key) or identity.issuer.existingSecret (a Secret with tls.crt and tls.key); `weft install` generates them, see docs/install.md" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The injector's serving certificate as a dict {crt, key, ca}: from values, or generated (a new CA
and certificate at every rendering, so an upgrade replaces both together and the Deployment's
checksum restarts the control plane with them; give them, or an existing Secret, to keep them).
With existingSecret only ca is set. Generated once per rendering: the Secret, the webhook's
caBundle and the Deployment's checksum must all see the same certificate, so the result is kept
in .Values (shared by every template of one rendering) under a key no values file can set.
*/}}
{{- define "weft.injectorTLS" -}}
{{- if not (hasKey .Values "weft-internal-injector-tls") -}}
{{- $_ := set .Values "weft-internal-injector-tls" (include "weft.injectorTLSOnce" .) -}}
{{- end -}}
{{- index .Values "weft-internal-injector-tls" -}}
{{- end -}}

{{- define "weft.injectorTLSOnce" -}}
{{- $tls := .Values.injector.tls -}}
{{- $host := printf "weft-control-plane.%s.svc" .Release.Namespace -}}
{{- if $tls.existingSecret -}}
{{- if not $tls.caBundlePEM -}}
{{- fail "injector.tls.existingSecret needs injector.tls.caBundlePEM: the CA that signed its certificate, for the webhook's caBundle" -}}
{{- end -}}
{{- if or $tls.crtPEM $tls.keyPEM -}}
{{- fail "injector.tls: set crtPEM and keyPEM, or existingSecret, not both" -}}
{{- end -}}
{{- dict "ca" $tls.caBundlePEM | toJson -}}
{{- else if or $tls.crtPEM $tls.keyPEM $tls.caBundlePEM -}}
{{- if not (and $tls.crtPEM $tls.keyPEM $tls.caBundlePEM) -}}
{{- fail "injector.tls: crtPEM, keyPEM and caBundlePEM go together (or leave all three empty to have a certificate generated)" -}}
{{- end -}}
{{- dict "crt" $tls.crtPEM "key" $tls.keyPEM "ca" $tls.caBundlePEM | toJson -}}
{{- else -}}
{{- $ca := genCA "weft-proxy-injector-ca" 3650 -}}
{{- $cert := genSignedCert $host nil (list $host (printf "%s.%s" $host .Values.clusterDomain)) 3650 $ca -}}
{{- dict "crt" $cert.Cert "key" $cert.Key "ca" $ca.Cert | toJson -}}
{{- end -}}
{{- end -}}

{{/* proxy.json, the injector's configuration (keys as dev.weft.inject.InjectorConfig reads them). */}}
{{- define "weft.proxyJson" -}}
{{- $p := .Values.proxy -}}
{{- $proxyImage := include "weft.image" (list $p.image .) -}}
{{- $init := dict "registry" (default $p.image.registry $p.initImage.registry) "repository" (default $p.image.repository $p.initImage.repository) "tag" (default $p.image.tag $p.initImage.tag) -}}
{{- $config := dict
  "version" (default .Chart.AppVersion $p.version)
  "proxyImage" $proxyImage
  "initImage" (include "weft.image" (list $init .))
  "imagePullPolicy" $p.imagePullPolicy
  "logLevel" $p.logLevel
  "inboundPort" (int $p.ports.inbound)
  "outboundPort" (int $p.ports.outbound)
  "adminPort" (int $p.ports.admin)
  "controlPort" (int $p.ports.control)
  "proxyUID" (int $p.uid)
  "resources" (dict "cpuRequest" $p.resources.cpuRequest "cpuLimit" $p.resources.cpuLimit "memoryRequest" $p.resources.memoryRequest "memoryLimit" $p.resources.memoryLimit)
  "opaquePorts" $p.opaquePorts
  "skipInboundPorts" $p.skipInboundPorts
  "skipOutboundPorts" $p.skipOutboundPorts
  "detectTimeout" $p.detectTimeout
  "sidecarMode" $p.sidecarMode
  "controlPlaneAddr" (printf "weft-control-plane.%s.svc.%s:8090" .Release.Namespace .Values.clusterDomain)
  "trustAnchorsConfigMap" (include "weft.trustAnchorsConfigMap" .)
  "tokenAudience" .Values.identity.tokenAudience
  "trustDomain" .Values.identity.trustDomain
  "controlPlaneNamespace" .Release.Namespace
-}}
{{- toPrettyJson $config -}}
{{- end -}}
