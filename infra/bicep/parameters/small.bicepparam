// One silo serving every dialect (edge co-hosted), a burstable database, one media server: a pilot or a small floor.
using '../main.bicep'

param name = 'ccsmall'
param siloImage = 'myregistry.azurecr.io/callcenter-silo:latest'
param siloReplicas = 1
param siloMaxReplicas = 1
param siloCpu = '1.0'
param siloMemory = '2Gi'
param postgresSku = 'Standard_B2s'
param postgresTier = 'Burstable'
param postgresStorageGb = 64
param postgresHighAvailability = false
param postgresBackupRetentionDays = 7
param mediaVmCount = 1
param mediaVmSize = 'Standard_D2s_v5'
param recordingRetentionDays = 90
param postgresAdminPassword = readEnvironmentVariable('CALLCENTER_PG_PASSWORD')
param platformAdminKey = readEnvironmentVariable('CALLCENTER_PLATFORM_KEY')
param freeSwitchPassword = readEnvironmentVariable('CALLCENTER_FS_PASSWORD')
param mediaSshPublicKey = readEnvironmentVariable('CALLCENTER_SSH_PUBLIC_KEY')
