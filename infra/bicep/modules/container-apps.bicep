// Silos (and, once src/Edge is a host of its own, edges) as Container Apps in a VNet-integrated environment. Chosen over
// a VM scale set because the silo is a stateless process (state is in PostgreSQL): revisions give rolling upgrades with
// the readiness probe gating traffic, replicas scale by rule, and logs/metrics flow to Log Analytics without agents.
// Silo-to-silo (11111) and gateway (30000) traffic uses additional TCP ports inside the environment only; public ingress
// is HTTPS on the edge (or, while the edge is co-hosted, on the silo app).
param name string
param location string
param tags object
param infrastructureSubnetId string
param logAnalyticsWorkspaceId string
@secure()
param appInsightsConnectionString string
param identityId string
param identityClientId string
param vaultUri string
param siloImage string
param siloReplicas int
param siloMaxReplicas int
param siloCpu string
param siloMemory string
param edgeImage string
param edgeMinReplicas int
param edgeMaxReplicas int
param freeSwitchHost string
param dashboardEnabled bool
@description('Blob endpoint of the recordings storage account (the archive the silos upload to).')
param recordingsBlobEndpoint string
@description('Days recordings are kept; the storage lifecycle rule uses the same figure, so call-log rows and blobs agree.')
param recordingRetentionDays int

var coHosted = empty(edgeImage)

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-apps'
  location: location
  tags: tags
  properties: {
    vnetConfiguration: { infrastructureSubnetId: infrastructureSubnetId, internal: false }
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: reference(logAnalyticsWorkspaceId, '2023-09-01').customerId
        sharedKey: listKeys(logAnalyticsWorkspaceId, '2023-09-01').primarySharedKey
      }
    }
    appInsightsConfiguration: { connectionString: appInsightsConnectionString }
    openTelemetryConfiguration: {
      metricsConfiguration: { destinations: ['appInsights'] }
      tracesConfiguration: { destinations: ['appInsights'] }
    }
    zoneRedundant: siloMaxReplicas > 1
  }
}

var secretRefs = [
  { name: 'postgres', keyVaultUrl: '${vaultUri}secrets/postgres-connection-string', identity: identityId }
  { name: 'platform-admin-key', keyVaultUrl: '${vaultUri}secrets/platform-admin-key', identity: identityId }
  { name: 'freeswitch-password', keyVaultUrl: '${vaultUri}secrets/freeswitch-password', identity: identityId }
]

var dashboardSecret = dashboardEnabled ? [{ name: 'dashboard-password', keyVaultUrl: '${vaultUri}secrets/dashboard-password', identity: identityId }] : []

var probes = [
  { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 15, failureThreshold: 3 }
  { type: 'Readiness', httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 }
  { type: 'Startup', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 24 }
]

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-silo'
  location: location
  tags: tags
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: concat(secretRefs, dashboardSecret)
      ingress: {
        external: coHosted
        targetPort: 8080
        transport: 'auto'
        additionalPortMappings: [
          { external: false, targetPort: 11111 }
          { external: false, targetPort: 30000 }
        ]
      }
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: siloImage
          resources: { cpu: json(siloCpu), memory: siloMemory }
          env: concat([
            { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
            { name: 'Storage__Postgres__ConnectionString', secretRef: 'postgres' }
            { name: 'Platform__AdminKey', secretRef: 'platform-admin-key' }
            { name: 'Telephony__FreeSwitch__Host', value: freeSwitchHost }
            { name: 'Telephony__FreeSwitch__Password', secretRef: 'freeswitch-password' }
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'Dashboard__Enabled', value: string(dashboardEnabled) }
            // Recordings: Azure Blob through the apps' managed identity (no account key; user-delegation SAS links).
            { name: 'Recording__Provider', value: 'AzureBlob' }
            { name: 'Recording__Azure__AccountUrl', value: recordingsBlobEndpoint }
            { name: 'Recording__Azure__ManagedIdentityClientId', value: identityClientId }
            { name: 'Recording__Retention__Days', value: string(recordingRetentionDays) }
          ], dashboardEnabled ? [{ name: 'Dashboard__Password', secretRef: 'dashboard-password' }] : [])
          probes: probes
        }
      ]
      scale: { minReplicas: siloReplicas, maxReplicas: siloMaxReplicas }
    }
  }
}

resource edge 'Microsoft.App/containerApps@2024-03-01' = if (!coHosted) {
  name: '${name}-edge'
  location: location
  tags: tags
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: secretRefs
      ingress: { external: true, targetPort: 8080, transport: 'auto', stickySessions: { affinity: 'sticky' } }
    }
    template: {
      containers: [
        {
          name: 'edge'
          image: edgeImage
          resources: { cpu: json('0.5'), memory: '1Gi' }
          // The edge finds the silos' gateways in the membership table, hence the database connection.
          env: [
            { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
            { name: 'Storage__Postgres__ConnectionString', secretRef: 'postgres' }
            { name: 'Platform__AdminKey', secretRef: 'platform-admin-key' }
          ]
          probes: probes
        }
      ]
      scale: {
        minReplicas: edgeMinReplicas
        maxReplicas: edgeMaxReplicas
        rules: [{ name: 'connections', http: { metadata: { concurrentRequests: '200' } } }]
      }
    }
  }
}

output publicUrl string = 'https://${coHosted ? silo.properties.configuration.ingress.fqdn : edge!.properties.configuration.ingress.fqdn}'
