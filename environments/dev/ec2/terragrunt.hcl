# Bastion host in a private subnet, reached only through SSM Session Manager (no SSH, no
# public IP). Used for port forwarding to PostgreSQL/Redis and for one-off psql sessions.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/ec2-instance/aws?version=5.6.1"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    private_subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security_groups"

  mock_outputs = {
    wrapper = {
      bastion = { security_group_id = "sg-0f1e2d3c4b5a69002" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  is_prod     = include.root.locals.is_prod
  tags        = include.root.locals.common_tags
  ec2         = local.vars.ec2
  name        = format("%s-bastion", local.name_prefix)
}

inputs = {
  name = local.name

  ami_ssm_parameter = local.ec2.bastion_ami_ssm_parameter
  instance_type     = local.ec2.bastion_instance_type

  subnet_id                   = dependency.vpc.outputs.private_subnets[0]
  vpc_security_group_ids      = [dependency.security_groups.outputs.wrapper.bastion.security_group_id]
  associate_public_ip_address = false

  create_iam_instance_profile = true
  iam_role_name               = local.name
  iam_role_description        = "SSM Session Manager access for ${local.name}"
  iam_role_policies = {
    AmazonSSMManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }

  monitoring = local.is_prod

  metadata_options = {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device = [
    {
      encrypted   = true
      volume_type = "gp3"
      volume_size = 20
    }
  ]

  user_data = <<EOT
#!/bin/bash
set -euo pipefail
dnf install -y postgresql16 redis6 jq
%{if local.is_prod~}
dnf install -y amazon-cloudwatch-agent
%{endif~}
echo "${local.name} ready on $${HOSTNAME}" > /etc/motd
EOT

  tags = merge(local.tags, {
    Role   = "bastion"
    backup = "false"
  })
}
