# Stable internal names for the data stores, in the private zone created by ../zones.
# Applications connect to postgres.<private zone> rather than to the AWS endpoints.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/route53/aws//modules/records?version=2.11.1"
}

dependency "zones" {
  config_path = "../zones"

  mock_outputs = {
    route53_zone_zone_id = {}
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "rds" {
  config_path = "../../rds"

  mock_outputs = {
    db_instance_address = "mock-postgres.abcdefghijkl.eu-west-1.rds.amazonaws.com"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "redis" {
  config_path = "../../aws_redis"

  mock_outputs = {
    replication_group_primary_endpoint_address = "master.mock-redis.abcdef.euw1.cache.amazonaws.com"
    replication_group_reader_endpoint_address  = "replica.mock-redis.abcdef.euw1.cache.amazonaws.com"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "ec2" {
  config_path = "../../ec2"

  mock_outputs = {
    private_ip = "10.0.0.10"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  # Same zone name as the zones unit, read from its configuration rather than repeated.
  zones_config = read_terragrunt_config("${get_terragrunt_dir()}/../zones/terragrunt.hcl")
  private_zone = local.zones_config.locals.private_zone
}

inputs = {
  zone_id      = lookup(dependency.zones.outputs.route53_zone_zone_id, local.private_zone, "Z0000000MOCKZONE")
  private_zone = true

  records = [
    {
      name    = "postgres"
      type    = "CNAME"
      ttl     = 300
      records = [dependency.rds.outputs.db_instance_address]
    },
    {
      name    = "redis"
      type    = "CNAME"
      ttl     = 300
      records = [dependency.redis.outputs.replication_group_primary_endpoint_address]
    },
    {
      name    = "redis-ro"
      type    = "CNAME"
      ttl     = 300
      records = [dependency.redis.outputs.replication_group_reader_endpoint_address]
    },
    {
      name    = "bastion"
      type    = "A"
      ttl     = 300
      records = [dependency.ec2.outputs.private_ip]
    },
  ]
}
