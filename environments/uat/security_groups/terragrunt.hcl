# Security groups of the environment. Only CIDR-based rules live here; rules between groups
# (EKS nodes -> RDS, ...) are in ../sg_rule so that groups can be created before the things
# that reference them.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/security-group/aws//wrappers?version=5.1.2"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id         = "vpc-0a1b2c3d4e5f60000"
    vpc_cidr_block = "10.0.0.0/16"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
}

inputs = {
  defaults = {
    vpc_id          = dependency.vpc.outputs.vpc_id
    use_name_prefix = false
    tags            = local.tags
  }

  items = {
    alb = {
      name                = format("%s-alb", local.name_prefix)
      description         = "Public application load balancer (AWS Load Balancer Controller)"
      ingress_cidr_blocks = ["0.0.0.0/0"]
      ingress_rules       = ["https-443-tcp", "http-80-tcp"]
      egress_cidr_blocks  = [dependency.vpc.outputs.vpc_cidr_block]
      egress_rules        = ["all-all"]
    }

    bastion = {
      name        = format("%s-bastion", local.name_prefix)
      description = "SSM-managed bastion host; no inbound access"
      egress_with_cidr_blocks = [
        {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          description = "HTTPS to SSM endpoints and package mirrors"
          cidr_blocks = "0.0.0.0/0"
        },
        {
          from_port   = 5432
          to_port     = 5432
          protocol    = "tcp"
          description = "PostgreSQL inside the VPC"
          cidr_blocks = dependency.vpc.outputs.vpc_cidr_block
        },
        {
          from_port   = 6379
          to_port     = 6379
          protocol    = "tcp"
          description = "Redis inside the VPC"
          cidr_blocks = dependency.vpc.outputs.vpc_cidr_block
        },
      ]
    }

    rds = {
      name        = format("%s-rds", local.name_prefix)
      description = "PostgreSQL (${local.name_prefix}-postgres)"
    }

    redis = {
      name        = format("%s-redis", local.name_prefix)
      description = "ElastiCache Redis (${local.name_prefix}-redis)"
    }

    mq = {
      name        = format("%s-mq", local.name_prefix)
      description = "Amazon MQ RabbitMQ broker (${local.name_prefix}-rabbitmq)"
    }
  }
}
