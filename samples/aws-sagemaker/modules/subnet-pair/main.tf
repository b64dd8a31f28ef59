# One public and one private subnet in a single availability zone, each associated
# with the route table the caller passes in.

resource "aws_subnet" "public" {
  vpc_id                  = var.vpc_id
  availability_zone       = var.availability_zone
  cidr_block              = var.public_cidr
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${var.name}-public"
    Tier = "public"
  })
}

resource "aws_subnet" "private" {
  vpc_id            = var.vpc_id
  availability_zone = var.availability_zone
  cidr_block        = var.private_cidr

  tags = merge(var.tags, {
    Name = "${var.name}-private"
    Tier = "private"
  })
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = var.public_route_table_id
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = var.private_route_table_id
}
