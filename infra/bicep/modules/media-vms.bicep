// FreeSWITCH media servers: VMs, not containers — SIP/RTP need public UDP port ranges, stable addresses that carriers
// whitelist, and kernel/network tuning that Container Apps does not offer. Each gets a static public IP for SIP/RTP; the
// event socket (8021) is reachable from the apps subnet only (network.bicep). FreeSWITCH itself is installed by
// cloud-init from the distribution's packages; its configuration (mod_xml_curl pointing at the silos, event socket
// password from Key Vault) is described in docs/telephony.md.
param name string
param location string
param tags object
param subnetId string
param count int
param size string
param adminUsername string
param sshPublicKey string

var cloudInit = '''
#cloud-config
package_update: true
packages: [freeswitch, freeswitch-mod-xml-curl, freeswitch-mod-event-socket, freeswitch-mod-sofia, freeswitch-mod-conference]
runcmd:
  - [systemctl, enable, --now, freeswitch]
'''

resource ips 'Microsoft.Network/publicIPAddresses@2024-05-01' = [for i in range(0, count): {
  name: '${name}-media-${i}-ip'
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}]

resource nics 'Microsoft.Network/networkInterfaces@2024-05-01' = [for i in range(0, count): {
  name: '${name}-media-${i}-nic'
  location: location
  tags: tags
  properties: {
    ipConfigurations: [
      {
        name: 'primary'
        properties: { subnet: { id: subnetId }, privateIPAllocationMethod: 'Dynamic', publicIPAddress: { id: ips[i].id } }
      }
    ]
  }
}]

resource vms 'Microsoft.Compute/virtualMachines@2024-07-01' = [for i in range(0, count): {
  name: '${name}-media-${i}'
  location: location
  tags: union(tags, { role: 'freeswitch' })
  properties: {
    hardwareProfile: { vmSize: size }
    osProfile: {
      computerName: '${name}-media-${i}'
      adminUsername: adminUsername
      customData: base64(cloudInit)
      linuxConfiguration: {
        disablePasswordAuthentication: true
        ssh: { publicKeys: [{ path: '/home/${adminUsername}/.ssh/authorized_keys', keyData: sshPublicKey }] }
      }
    }
    storageProfile: {
      imageReference: { publisher: 'Debian', offer: 'debian-12', sku: '12-gen2', version: 'latest' }
      osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } }
    }
    networkProfile: { networkInterfaces: [{ id: nics[i].id }] }
  }
}]

output privateIps array = [for i in range(0, count): nics[i].properties.ipConfigurations[0].properties.privateIPAddress]
output firstPrivateIp string = nics[0].properties.ipConfigurations[0].properties.privateIPAddress
