# Rules between security groups. Each item manages the rules of one existing group
# (create_sg = false), so the groups themselves stay in ../security_groups and ../eks_clusters.

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
    vpc_id = "vpc-0a1b2c3d4e5f60000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security_groups"

  mock_outputs = {
    wrapper = {
      alb     = { security_group_id = "sg-0f1e2d3c4b5a69001" }
      bastion = { security_group_id = "sg-0f1e2d3c4b5a69002" }
      rds     = { security_group_id = "sg-0f1e2d3c4b5a69003" }
      redis   = { security_group_id = "sg-0f1e2d3c4b5a69004" }
      mq      = { security_group_id = "sg-0f1e2d3c4b5a69005" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "eks" {
  config_path = "../eks_clusters"

  mock_outputs = {
    node_security_group_id    = "sg-0e1d2c3b4a5968001"
    cluster_security_group_id = "sg-0e1d2c3b4a5968002"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

# Terragrunt evaluates locals before dependencies, so dependency outputs are
# read in inputs only.
locals {
  mq_port   = include.root.locals.vars.mq.engine_type == "RabbitMQ" ? 5671 : 61617
}

inputs = {
  defaults = {
    create_sg = false
    vpc_id    = dependency.vpc.outputs.vpc_id
  }

  items = {
    rds_ingress = {
      security_group_id = dependency.security_groups.outputs.wrapper.rds.security_group_id
      ingress_with_source_security_group_id = [
        {
          rule                     = "postgresql-tcp"
          source_security_group_id = dependency.eks.outputs.node_security_group_id
          description              = "PostgreSQL from EKS nodes"
        },
        {
          rule                     = "postgresql-tcp"
          source_security_group_id = dependency.security_groups.outputs.wrapper.bastion.security_group_id
          description              = "PostgreSQL from the bastion (SSM port forwarding)"
        },
      ]
    }

    redis_ingress = {
      security_group_id = dependency.security_groups.outputs.wrapper.redis.security_group_id
      ingress_with_source_security_group_id = [
        {
          rule                     = "redis-tcp"
          source_security_group_id = dependency.eks.outputs.node_security_group_id
          description              = "Redis from EKS nodes"
        },
        {
          rule                     = "redis-tcp"
          source_security_group_id = dependency.security_groups.outputs.wrapper.bastion.security_group_id
          description              = "Redis from the bastion"
        },
      ]
    }

    mq_ingress = {
      security_group_id = dependency.security_groups.outputs.wrapper.mq.security_group_id
      ingress_with_source_security_group_id = [
        {
          from_port                = local.mq_port
          to_port                  = local.mq_port
          protocol                 = "tcp"
          source_security_group_id = dependency.eks.outputs.node_security_group_id
          description              = "AMQPS from EKS nodes"
        },
        {
          from_port                = 443
          to_port                  = 443
          protocol                 = "tcp"
          source_security_group_id = dependency.security_groups.outputs.wrapper.bastion.security_group_id
          description              = "RabbitMQ management console from the bastion"
        },
      ]
    }

    eks_nodes_from_alb = {
      security_group_id = dependency.eks.outputs.node_security_group_id
      ingress_with_source_security_group_id = [
        {
          from_port                = 8080
          to_port                  = 8080
          protocol                 = "tcp"
          source_security_group_id = dependency.security_groups.outputs.wrapper.alb.security_group_id
          description              = "Pod traffic (target-type ip) from the ALB"
        },
      ]
    }
  }
}
