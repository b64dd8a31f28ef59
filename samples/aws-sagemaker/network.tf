resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.common_tags, { Name = "${local.name}-vpc" })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "${local.name}-igw" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = merge(local.common_tags, { Name = "${local.name}-public-rt" })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "${local.name}-private-rt" })
}

resource "aws_route" "private_default" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main.id
}

module "subnet_pair" {
  source   = "./modules/subnet-pair"
  for_each = local.azs

  name                   = "${local.name}-${each.key}"
  vpc_id                 = aws_vpc.main.id
  availability_zone      = each.value.az
  public_cidr            = each.value.public_cidr
  private_cidr           = each.value.private_cidr
  public_route_table_id  = aws_route_table.public.id
  private_route_table_id = aws_route_table.private.id
  tags                   = local.common_tags
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = merge(local.common_tags, { Name = "${local.name}-nat-eip" })

  depends_on = [aws_internet_gateway.main]
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = module.subnet_pair[local.nat_az].public_subnet_id

  tags = merge(local.common_tags, { Name = "${local.name}-nat" })
}

# --- VPC endpoints: keep model and runtime traffic off the internet -----------

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]

  tags = merge(local.common_tags, { Name = "${local.name}-s3-gateway" })
}

resource "aws_vpc_endpoint" "sagemaker" {
  for_each = toset(["sagemaker.runtime", "sagemaker.api"])

  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = local.private_subnet_ids
  security_group_ids  = [aws_security_group.endpoint.id]
  private_dns_enabled = true

  tags = merge(local.common_tags, { Name = "${local.name}-${replace(each.key, ".", "-")}" })
}
