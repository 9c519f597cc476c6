# Hosted zones of the environment: the public zone (its records are managed by
# external-dns from the cluster) and the private zone for internal endpoints (../records).

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/route53/aws//modules/zones?version=2.11.1"
}

dependency "vpc" {
  config_path = "../../vpc"

  mock_outputs = {
    vpc_id = "vpc-0a1b2c3d4e5f60000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars   = include.root.locals.vars
  region = include.root.locals.region
  tags   = include.root.locals.common_tags

  public_zone  = local.vars.dns.public_zone
  private_zone = local.vars.dns.private_zone
}

inputs = {
  zones = {
    "${local.public_zone}" = {
      comment = "Public zone for ${local.public_zone}"
      tags = merge(local.tags, {
        Visibility = "public"
      })
    }

    "${local.private_zone}" = {
      comment = "Private zone for internal endpoints of ${include.root.locals.name_prefix}"
      vpc = [
        {
          vpc_id     = dependency.vpc.outputs.vpc_id
          vpc_region = local.region
        },
      ]
      tags = merge(local.tags, {
        Visibility = "private"
      })
    }
  }

  tags = local.tags
}
