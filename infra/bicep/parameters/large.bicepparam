// Several silos and stand-alone edges (once src/Edge runs on its own), a zone-redundant general-purpose database,
// four media servers: a multi-tenant production floor.
using '../main.bicep'

param name = 'cclarge'
param siloImage = 'myregistry.azurecr.io/callcenter-silo:latest'
param edgeImage = 'myregistry.azurecr.io/callcenter-edge:latest'
// More than one silo needs the silos clustered on PostgreSQL (docs/operations.md, Scaling).
param siloReplicas = 3
param siloMaxReplicas = 6
param siloCpu = '2.0'
param siloMemory = '4Gi'
param edgeMinReplicas = 2
param edgeMaxReplicas = 8
param postgresSku = 'Standard_D4ds_v5'
param postgresTier = 'GeneralPurpose'
param postgresStorageGb = 512
param postgresHighAvailability = true
param postgresBackupRetentionDays = 35
param mediaVmCount = 4
param mediaVmSize = 'Standard_F8s_v2'
param recordingRetentionDays = 365
param postgresAdminPassword = readEnvironmentVariable('CALLCENTER_PG_PASSWORD')
param platformAdminKey = readEnvironmentVariable('CALLCENTER_PLATFORM_KEY')
param freeSwitchPassword = readEnvironmentVariable('CALLCENTER_FS_PASSWORD')
param dashboardPassword = readEnvironmentVariable('CALLCENTER_DASHBOARD_PASSWORD', '')
param mediaSshPublicKey = readEnvironmentVariable('CALLCENTER_SSH_PUBLIC_KEY')
