// One VNet: the Container Apps environment (internal silo traffic, public ingress only on the edge app), the database
// (delegated subnet, no public endpoint), private endpoints (Key Vault, blob) and the media VMs.
param name string
param location string
param tags object

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${name}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.40.0.0/16'] }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: '10.40.0.0/23'
          delegations: [{ name: 'apps', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: 'database'
        properties: {
          addressPrefix: '10.40.2.0/24'
          delegations: [{ name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }]
        }
      }
      {
        name: 'private-endpoints'
        properties: { addressPrefix: '10.40.3.0/24' }
      }
      {
        name: 'media'
        properties: {
          addressPrefix: '10.40.4.0/24'
          networkSecurityGroup: { id: mediaNsg.id }
        }
      }
    ]
  }
}

// SIP and RTP from the carriers and phones; the event socket (8021) only from the apps subnet.
resource mediaNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${name}-media-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: [
      { name: 'sip', properties: { priority: 100, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRanges: ['5060', '5061', '7443'] } }
      { name: 'rtp', properties: { priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Udp', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '16384-32768' } }
      { name: 'event-socket', properties: { priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '10.40.0.0/23', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '8021' } }
      { name: 'deny-event-socket', properties: { priority: 130, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '8021' } }
    ]
  }
}

resource postgresDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: '${name}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource blobDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.blob.${environment().suffixes.storage}'
  location: 'global'
  tags: tags
}

resource vaultDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.vaultcore.azure.net'
  location: 'global'
  tags: tags
}

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for zone in [postgresDns.name, blobDns.name, vaultDns.name]: {
  name: '${zone}/${name}-link'
  location: 'global'
  properties: { registrationEnabled: false, virtualNetwork: { id: vnet.id } }
  dependsOn: [postgresDns, blobDns, vaultDns]
}]

output appsSubnetId string = vnet.properties.subnets[0].id
output databaseSubnetId string = vnet.properties.subnets[1].id
output privateEndpointSubnetId string = vnet.properties.subnets[2].id
output mediaSubnetId string = vnet.properties.subnets[3].id
output postgresDnsZoneId string = postgresDns.id
output blobDnsZoneId string = blobDns.id
output vaultDnsZoneId string = vaultDns.id
