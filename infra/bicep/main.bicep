// CallCenter on Azure (docs/operations.md, DESIGN.md §8): silos and edges as Container Apps in a VNet-integrated
// environment, PostgreSQL Flexible Server and Key Vault reachable only inside the VNet, a storage account for recordings,
// Log Analytics + Application Insights for telemetry, FreeSWITCH media on VMs.
// Validate: az deployment group what-if -g <rg> -f infra/bicep/main.bicep -p infra/bicep/parameters/small.bicepparam
targetScope = 'resourceGroup'

@description('Short name used as a prefix for every resource (lower-case letters and digits).')
@minLength(3)
@maxLength(12)
param name string

param location string = resourceGroup().location

@description('Container image of the silo (src/Silo/Dockerfile), e.g. myregistry.azurecr.io/callcenter-silo:1.4.0.')
param siloImage string

@description('Container image of the stand-alone edge, once src/Edge is a host of its own; empty: the silos serve the dialects themselves (the co-hosted edge) and no edge app is deployed.')
param edgeImage string = ''

@minValue(1)
param siloReplicas int = 1

@minValue(1)
param siloMaxReplicas int = 1

param siloCpu string = '1.0'
param siloMemory string = '2Gi'

@minValue(1)
param edgeMinReplicas int = 2
param edgeMaxReplicas int = 4

@description('PostgreSQL Flexible Server SKU, e.g. Standard_B2s (Burstable) or Standard_D4ds_v5 (GeneralPurpose).')
param postgresSku string = 'Standard_B2s'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresTier string = 'Burstable'
param postgresStorageGb int = 64
param postgresHighAvailability bool = false
param postgresBackupRetentionDays int = 7

@description('PostgreSQL administrator login; its password goes to Key Vault as postgres-admin-password.')
param postgresAdminLogin string = 'callcenter'
@secure()
param postgresAdminPassword string

@secure()
@description('Platform:AdminKey (the /platform API key).')
param platformAdminKey string

@secure()
@description('Telephony:FreeSwitch:Password (the event socket password of the media VMs).')
param freeSwitchPassword string

@secure()
@description('Dashboard:Password; empty keeps the Orleans Dashboard off.')
param dashboardPassword string = ''

param mediaVmCount int = 1
param mediaVmSize string = 'Standard_D2s_v5'
param mediaAdminUsername string = 'callcenter'
@description('SSH public key of the media VMs\' administrator.')
param mediaSshPublicKey string

param recordingRetentionDays int = 90

var tags = { application: 'callcenter', deployment: name }

module network 'modules/network.bicep' = {
  name: '${name}-network'
  params: { name: name, location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  name: '${name}-monitoring'
  params: { name: name, location: location, tags: tags }
}

module identity 'modules/identity.bicep' = {
  name: '${name}-identity'
  params: { name: name, location: location, tags: tags }
}

module database 'modules/postgres.bicep' = {
  name: '${name}-postgres'
  params: {
    name: name
    location: location
    tags: tags
    subnetId: network.outputs.databaseSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    sku: postgresSku
    tier: postgresTier
    storageGb: postgresStorageGb
    highAvailability: postgresHighAvailability
    backupRetentionDays: postgresBackupRetentionDays
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
  }
}

module recordings 'modules/storage.bicep' = {
  name: '${name}-recordings'
  params: {
    name: name
    location: location
    tags: tags
    subnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.blobDnsZoneId
    appPrincipalId: identity.outputs.principalId
    retentionDays: recordingRetentionDays
  }
}

module vault 'modules/keyvault.bicep' = {
  name: '${name}-keyvault'
  params: {
    name: name
    location: location
    tags: tags
    subnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.vaultDnsZoneId
    appPrincipalId: identity.outputs.principalId
    secrets: {
      'postgres-connection-string': 'Host=${database.outputs.fqdn};Database=callcenter;Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
      'platform-admin-key': platformAdminKey
      'freeswitch-password': freeSwitchPassword
      'dashboard-password': dashboardPassword
    }
  }
}

module media 'modules/media-vms.bicep' = {
  name: '${name}-media'
  params: {
    name: name
    location: location
    tags: tags
    subnetId: network.outputs.mediaSubnetId
    count: mediaVmCount
    size: mediaVmSize
    adminUsername: mediaAdminUsername
    sshPublicKey: mediaSshPublicKey
  }
}

module apps 'modules/container-apps.bicep' = {
  name: '${name}-apps'
  params: {
    name: name
    location: location
    tags: tags
    infrastructureSubnetId: network.outputs.appsSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    vaultUri: vault.outputs.uri
    siloImage: siloImage
    siloReplicas: siloReplicas
    siloMaxReplicas: siloMaxReplicas
    siloCpu: siloCpu
    siloMemory: siloMemory
    edgeImage: edgeImage
    edgeMinReplicas: edgeMinReplicas
    edgeMaxReplicas: edgeMaxReplicas
    freeSwitchHost: media.outputs.firstPrivateIp
    dashboardEnabled: !empty(dashboardPassword)
    recordingsBlobEndpoint: recordings.outputs.blobEndpoint
    recordingRetentionDays: recordingRetentionDays
  }
}

output publicUrl string = apps.outputs.publicUrl
output mediaPrivateIps array = media.outputs.privateIps
output postgresFqdn string = database.outputs.fqdn
@description('For the recordings store\'s settings (the Azure Blob store is configured by its own section; the apps\' identity already holds Storage Blob Data Contributor).')
output recordingsBlobEndpoint string = recordings.outputs.blobEndpoint
output appsIdentityClientId string = identity.outputs.clientId
