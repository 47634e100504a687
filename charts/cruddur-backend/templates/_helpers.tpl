{{/*
Chart name, truncated to 63 characters (the DNS label limit).
*/}}
{{- define "cruddur-backend.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Truncated to 52 characters so that "-xray-daemon" still fits in 63.
If the release name already contains the chart name it is not repeated.
*/}}
{{- define "cruddur-backend.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "cruddur-backend.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object of the release.
*/}}
{{- define "cruddur-backend.commonLabels" -}}
helm.sh/chart: {{ include "cruddur-backend.chart" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cruddur
{{- end }}

{{/*
Backend: selector labels (immutable on a Deployment: keep them minimal) and full labels.
*/}}
{{- define "cruddur-backend.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cruddur-backend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: api
{{- end }}

{{- define "cruddur-backend.labels" -}}
{{ include "cruddur-backend.commonLabels" . }}
{{ include "cruddur-backend.selectorLabels" . }}
{{- end }}

{{/*
X-Ray daemon: name, selector labels and full labels.
*/}}
{{- define "cruddur-backend.xrayDaemon.fullname" -}}
{{- printf "%s-xray-daemon" (include "cruddur-backend.fullname" .) }}
{{- end }}

{{- define "cruddur-backend.xrayDaemon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cruddur-backend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: xray-daemon
{{- end }}

{{- define "cruddur-backend.xrayDaemon.labels" -}}
{{ include "cruddur-backend.commonLabels" . }}
{{ include "cruddur-backend.xrayDaemon.selectorLabels" . }}
{{- end }}

{{/*
Service accounts.
*/}}
{{- define "cruddur-backend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cruddur-backend.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cruddur-backend.xrayDaemon.serviceAccountName" -}}
{{- if .Values.xrayDaemon.serviceAccount.create }}
{{- default (include "cruddur-backend.xrayDaemon.fullname" .) .Values.xrayDaemon.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.xrayDaemon.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The backend image reference: repository:tag, or repository@digest when a digest is given.
*/}}
{{- define "cruddur-backend.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
Honeycomb API key Secret: the existing one the user named, else <fullname>-honeycomb (created by the chart when
honeycomb.apiKey is set, or by the user with kubectl).
*/}}
{{- define "cruddur-backend.honeycomb.secretName" -}}
{{- if .Values.honeycomb.existingSecret }}
{{- .Values.honeycomb.existingSecret }}
{{- else }}
{{- printf "%s-honeycomb" (include "cruddur-backend.fullname" .) }}
{{- end }}
{{- end }}

{{/*
X-Ray daemon static AWS keys Secret ("" when the daemon uses IRSA / the node role).
*/}}
{{- define "cruddur-backend.xrayDaemon.awsSecretName" -}}
{{- if .Values.xrayDaemon.awsCredentials.existingSecret }}
{{- .Values.xrayDaemon.awsCredentials.existingSecret }}
{{- else if and .Values.xrayDaemon.awsCredentials.accessKeyId .Values.xrayDaemon.awsCredentials.secretAccessKey }}
{{- printf "%s-aws" (include "cruddur-backend.xrayDaemon.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The address the backend sends X-Ray segments to (AWS_XRAY_DAEMON_ADDRESS): the node-local daemon Service (same
namespace, so the short name resolves wherever the manifests are applied), or the external address from values.
*/}}
{{- define "cruddur-backend.xrayDaemonAddress" -}}
{{- if include "cruddur-backend.xrayDaemon.enabled" . }}
{{- printf "%s:%d" (include "cruddur-backend.xrayDaemon.fullname" .) (int .Values.xrayDaemon.port) }}
{{- else }}
{{- .Values.xray.daemonAddress }}
{{- end }}
{{- end }}

{{/*
Whether the backend emits X-Ray segments (XRAY_ENABLED): xray.enabled, and a daemon to send to.
*/}}
{{- define "cruddur-backend.xrayEnabled" -}}
{{- if and .Values.xray.enabled (or (include "cruddur-backend.xrayDaemonAddress" .) (include "cruddur-backend.xrayOverOtlp" .)) }}true{{ else }}false{{ end }}
{{- end }}

{{/*
"true" when the backend sends X-Ray's spans itself, as signed OTLP (xray.export otlp): no daemon is needed.
*/}}
{{- define "cruddur-backend.xrayOverOtlp" -}}
{{- if and .Values.xray.enabled (eq .Values.xray.export "otlp") }}true{{ end }}
{{- end }}

{{/*
"true" when the X-Ray daemon DaemonSet (and its Service, ConfigMap, ServiceAccount, Secret) is rendered.
*/}}
{{- define "cruddur-backend.xrayDaemon.enabled" -}}
{{- if and .Values.xrayDaemon.enabled (not (include "cruddur-backend.xrayOverOtlp" .)) }}true{{ end }}
{{- end }}

{{/*
The AWS region of X-Ray's endpoints with xray.export otlp.
*/}}
{{- define "cruddur-backend.xrayRegion" -}}
{{- .Values.xray.region | default .Values.xrayDaemon.region }}
{{- end }}

{{/*
Non-secret settings of the backend, as environment variable name -> value. The ConfigMap carries them and the
Deployment reads each one with configMapKeyRef; empty optional values are left out (the app keeps its default).
*/}}
{{- define "cruddur-backend.settings" -}}
{{- $s := dict
  "PORT" (toString .Values.app.port)
  "MANAGEMENT_PORT" (toString .Values.app.managementPort)
  "FRONTEND_URL" .Values.app.frontendUrl
  "BACKEND_URL" .Values.app.backendUrl
  "DEPLOYMENT_ENVIRONMENT" .Values.app.environment
  "OTEL_SERVICE_NAME" .Values.otel.serviceName
  "XRAY_ENABLED" (include "cruddur-backend.xrayEnabled" .)
  "AWS_XRAY_TRACING_NAME" .Values.xray.tracingName
  "XRAY_SAMPLING_RULES_FILE" "/etc/cruddur/xray-sampling-rules.json"
}}
{{- with .Values.app.clusterName }}{{ $_ := set $s "K8S_CLUSTER_NAME" . }}{{ end }}
{{- with .Values.app.storeMaxItems | toString }}{{ $_ := set $s "CRUDDUR_STORE_MAX_ITEMS" . }}{{ end }}
{{- with .Values.otel.exporterOtlpEndpoint }}{{ $_ := set $s "OTEL_EXPORTER_OTLP_ENDPOINT" . }}{{ end }}
{{- with .Values.otel.exporterOtlpHeaders }}{{ $_ := set $s "OTEL_EXPORTER_OTLP_HEADERS" . }}{{ end }}
{{- with .Values.otel.tracesSamplerArg | toString }}{{ $_ := set $s "OTEL_TRACES_SAMPLER_ARG" . }}{{ end }}
{{- with include "cruddur-backend.xrayDaemonAddress" . }}{{ $_ := set $s "AWS_XRAY_DAEMON_ADDRESS" . }}{{ end }}
{{- with .Values.xray.url }}{{ $_ := set $s "AWS_XRAY_URL" . }}{{ end }}
{{- if include "cruddur-backend.xrayOverOtlp" . }}
{{- $_ := set $s "XRAY_EXPORT" "otlp" }}
{{- $_ := set $s "AWS_REGION" (include "cruddur-backend.xrayRegion" .) }}
{{- with .Values.xray.otlpEndpoint }}{{ $_ := set $s "XRAY_OTLP_ENDPOINT" . }}{{ end }}
{{- with .Values.xray.apiEndpoint }}{{ $_ := set $s "XRAY_API_ENDPOINT" . }}{{ end }}
{{- end }}
{{- toYaml $s }}
{{- end }}
