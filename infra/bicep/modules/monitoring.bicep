// Log Analytics (container logs: the JSON console) and workspace-based Application Insights (OTLP from the apps).
param name string
param location string
param tags object
param retentionDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  tags: tags
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: retentionDays }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: workspace.id }
}

output workspaceId string = workspace.id
output appInsightsConnectionString string = insights.properties.ConnectionString
